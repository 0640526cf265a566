// Typed generator errors. Every message names where the problem is (file and
// JSON pointer, or a CLI flag) so a platform team can fix the input directly.

/** One problem found in a spec, located by file and JSON pointer. */
export interface SpecIssue {
  readonly file: string;
  readonly pointer: string;
  readonly message: string;
}

export function formatIssue(issue: SpecIssue): string {
  return `${issue.file}#${issue.pointer}: ${issue.message}`;
}

/** The input spec(s) are unusable; the CLI exits 2 and writes nothing. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly exitCode = 2;
  constructor(readonly issues: readonly SpecIssue[]) {
    super(
      issues.length === 1
        ? formatIssue(issues[0]!)
        : `${issues.length} problems in the spec:\n` + issues.map((i) => '  ' + formatIssue(i)).join('\n'),
    );
  }
}

/** A spec source could not be found or failed its checksum. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly exitCode = 2;
}

/** A template folder or template is missing or broken. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly exitCode = 2;
}

/** The output folder cannot or may not be written; the CLI exits 2 with this one-line message. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly exitCode = 2;
}

/** The generated package does not build or load (a template that renders broken code); exit 2. */
export class BuildError extends Error {
  override readonly name = 'BuildError';
  readonly exitCode = 2;
}

/** Escape one JSON pointer segment (RFC 6901). */
export function escapePointer(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointer(...segments: (string | number)[]): string {
  return segments.map((s) => '/' + escapePointer(s)).join('');
}

/** Generated code that does not parse or type-check: names the generated file, the line and the template it came from. */
export class GeneratedCodeError extends TemplateError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly detail: string,
    readonly origin?: string,
  ) {
    super(`${file}${line ? `:${line}${column ? `:${column}` : ''}` : ''}: ${detail}${origin ? ` (${origin})` : ''}`);
  }

  /** The same error, saying which template produced the file ("rendered from ..."). */
  withOrigin(provenance: ReadonlyMap<string, string>): GeneratedCodeError {
    if (this.origin) return this;
    const origin = provenance.get(this.file) ?? (this.file.startsWith('types/') ? 'printed by the generator (types.ts) under the banner template' : undefined);
    return new GeneratedCodeError(this.file, this.line, this.column, this.detail, origin);
  }
}
