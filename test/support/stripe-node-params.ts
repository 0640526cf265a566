// Test helper: the params type name of every stripe-node method, read from the .d.ts files the
// installed `stripe` package ships (devDependency; ground truth for names). It walks the `Stripe`
// class's properties with the TypeScript checker (`stripe.checkout.sessions` is a SessionResource
// on a Checkout namespace object) and, for each resource method, names the type of its `params`
// argument by its namespace path inside the package: `Checkout.SessionCreateParams`.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export interface StripeNodeParams {
  /** `checkout.sessions.create` */
  readonly label: string;
  /** `Checkout.SessionCreateParams`: the name a user writes after `Stripe.` */
  readonly paramsType: string;
}

const require = createRequire(import.meta.url);
let cached: StripeNodeParams[] | undefined;

export function loadStripeNodeParams(): StripeNodeParams[] {
  if (cached) return cached;
  const entry = join(dirname(require.resolve('stripe')), '..', 'esm', 'stripe.esm.node.d.ts');
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry)!;
  const stripeClass = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'Stripe')!;
  const out: StripeNodeParams[] = [];
  const seen = new Set<ts.Symbol>();

  const isResource = (decl: ts.ClassDeclaration): boolean =>
    decl.heritageClauses?.some((h) => h.types.some((t) => t.expression.getText() === 'StripeResource')) ?? false;

  const walkClass = (decl: ts.ClassDeclaration, path: string[]): void => {
    for (const member of decl.members) {
      if (!member.name || !ts.isIdentifier(member.name) || member.name.text.startsWith('_')) continue;
      const name = member.name.text;
      if (ts.isPropertyDeclaration(member) && member.type && ts.isTypeReferenceNode(member.type) && !member.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) {
        let symbol = checker.getSymbolAtLocation(member.type.typeName);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        const target = symbol?.declarations?.find(ts.isClassDeclaration);
        if (!symbol || !target || seen.has(symbol)) continue;
        seen.add(symbol);
        walkClass(target, [...path, name]);
      } else if (ts.isMethodDeclaration(member) && path.length && isResource(decl)) {
        const param = member.parameters.find((p) => ts.isIdentifier(p.name) && p.name.text === 'params');
        if (!param?.type || !ts.isTypeReferenceNode(param.type)) continue;
        let symbol = checker.getSymbolAtLocation(param.type.typeName);
        if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
        if (!symbol) continue;
        // `"/…/resources/Checkout/Sessions".Checkout.SessionCreateParams` -> `Checkout.SessionCreateParams`
        const paramsType = checker.getFullyQualifiedName(symbol).replace(/^"[^"]*"\./, '');
        out.push({ label: [...path, name].join('.'), paramsType });
      }
    }
  };
  walkClass(stripeClass, []);
  out.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  cached = out;
  return out;
}
