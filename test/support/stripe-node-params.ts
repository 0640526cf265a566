// Test helper: the params type name of every stripe-node method, and every name of its `Stripe`
// namespace, read from the .d.ts files the
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
let cachedNames: Set<string> | undefined;
let loaded: { checker: ts.TypeChecker; source: ts.SourceFile } | undefined;

function load(): { checker: ts.TypeChecker; source: ts.SourceFile } {
  if (loaded) return loaded;
  const entry = join(dirname(require.resolve('stripe')), '..', 'esm', 'stripe.esm.node.d.ts');
  const program = ts.createProgram([entry], { strict: true, noEmit: true, skipLibCheck: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022 });
  return (loaded = { checker: program.getTypeChecker(), source: program.getSourceFile(entry)! });
}

/**
 * Every type name a user can write after `Stripe.`, down through package namespaces
 * (`Customer`, `Checkout.Session`, `V2.Billing.MeterEventSessionCreateParams`), not into the
 * namespaces that hold an object's sub-types (`Customer.Shipping`).
 */
export function loadStripeNodeTypeNames(): ReadonlySet<string> {
  if (cachedNames) return cachedNames;
  const { checker, source } = load();
  const stripe = checker.getExportsOfModule(checker.getSymbolAtLocation(source)!).find((s) => s.name === 'Stripe')!;
  const names = new Set<string>();
  const walk = (sym: ts.Symbol, path: string[]): void => {
    for (const e of checker.getExportsOfModule(sym)) {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      const q = [...path, e.name];
      if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class)) names.add(q.join('.'));
      // A package namespace is a namespace that is not also an object's interface.
      if (target.flags & ts.SymbolFlags.Namespace && !(target.flags & ts.SymbolFlags.Interface) && path.length < 4) walk(target, q);
    }
  };
  walk(stripe, []);
  return (cachedNames = names);
}

export function loadStripeNodeParams(): StripeNodeParams[] {
  if (cached) return cached;
  const { checker, source } = load();
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
