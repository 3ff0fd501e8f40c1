/** House rule: TSDoc on every export of the public API (including the nn, data and optim namespaces). */
import { describe, expect, it } from 'vitest';
import * as path from 'node:path';
import ts from 'typescript';

/** Names of the exports of `src/index.ts` (and of its namespaces' members) that have no TSDoc. */
function undocumentedExports(): string[] {
  const root = path.resolve(__dirname, '..');
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  const program = ts.createProgram([path.join(root, 'src/index.ts')], config!.options);
  const checker = program.getTypeChecker();
  const index = checker.getSymbolAtLocation(program.getSourceFile(path.join(root, 'src/index.ts'))!)!;
  const docOf = (s: ts.Symbol) => ts.displayPartsToString(s.getDocumentationComment(checker)).trim();
  // `/** … */ export * as nn from './nn'`: the comment belongs to the export declaration
  const reexportDoc = (s: ts.Symbol) => s.declarations?.some((d) => ts.getJSDocCommentsAndTags(d.parent).length > 0) ?? false;
  const missing: string[] = [];
  const visit = (exported: ts.Symbol, prefix: string): void => {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const isNamespace = (target.flags & ts.SymbolFlags.ValueModule) !== 0;
    // a namespace is documented where index.ts re-exports it; anything else where it is declared
    if (!(isNamespace ? reexportDoc(exported) : docOf(target))) missing.push(prefix + exported.name);
    if (isNamespace && prefix === '') for (const member of checker.getExportsOfModule(target)) visit(member, `${exported.name}.`);
  };
  for (const e of checker.getExportsOfModule(index)) visit(e, '');
  return missing;
}

describe('the public API', () => {
  it('has TSDoc on every export', () => {
    expect(undocumentedExports()).toEqual([]);
  }, 60_000);
});
