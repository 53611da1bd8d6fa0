// A fast view of the compiler's API for the lowering's hot loops. The `typescript` module object
// has over 2,000 exports, each a getter (the bundle's re-export shim), so V8 keeps it as a
// dictionary and every `ts.isIdentifier(n)` is a hash lookup plus a getter call: measured about 8
// times slower than a call through a small object, and a parse makes tens of thousands of them.
// The view is an object literal (so V8 gives it fast properties) holding the members this folder
// uses, with the module itself as its prototype: a member missing from the list still works, only
// slower (test/engine/typescriptIncremental.test.ts checks that the list covers the folder's uses).

import type * as TS from 'typescript';

export function compilerView(ts: typeof TS): typeof TS {
  const view = {
    __proto__: ts,
    JSDocParsingMode: ts.JSDocParsingMode, ScriptKind: ts.ScriptKind, ScriptTarget: ts.ScriptTarget,
    SyntaxKind: ts.SyntaxKind, createSourceFile: ts.createSourceFile,
    createTextChangeRange: ts.createTextChangeRange, createTextSpan: ts.createTextSpan,
    flattenDiagnosticMessageText: ts.flattenDiagnosticMessageText, forEachChild: ts.forEachChild,
    getLeadingCommentRanges: ts.getLeadingCommentRanges, getModifiers: ts.getModifiers,
    getTrailingCommentRanges: ts.getTrailingCommentRanges, isArrayBindingPattern: ts.isArrayBindingPattern,
    isArrayLiteralExpression: ts.isArrayLiteralExpression, isArrowFunction: ts.isArrowFunction,
    isAsExpression: ts.isAsExpression, isAwaitExpression: ts.isAwaitExpression,
    isBinaryExpression: ts.isBinaryExpression, isBlock: ts.isBlock, isBreakStatement: ts.isBreakStatement,
    isCallExpression: ts.isCallExpression, isCaseClause: ts.isCaseClause, isClassDeclaration: ts.isClassDeclaration,
    isClassExpression: ts.isClassExpression, isComputedPropertyName: ts.isComputedPropertyName,
    isConditionalExpression: ts.isConditionalExpression, isConstructorDeclaration: ts.isConstructorDeclaration,
    isContinueStatement: ts.isContinueStatement, isDefaultClause: ts.isDefaultClause,
    isDeleteExpression: ts.isDeleteExpression, isDoStatement: ts.isDoStatement,
    isElementAccessExpression: ts.isElementAccessExpression, isEmptyStatement: ts.isEmptyStatement,
    isExportAssignment: ts.isExportAssignment, isExportDeclaration: ts.isExportDeclaration,
    isExpression: ts.isExpression, isExpressionStatement: ts.isExpressionStatement,
    isForInStatement: ts.isForInStatement, isForOfStatement: ts.isForOfStatement, isForStatement: ts.isForStatement,
    isFunctionDeclaration: ts.isFunctionDeclaration, isFunctionExpression: ts.isFunctionExpression,
    isFunctionLike: ts.isFunctionLike, isIdentifier: ts.isIdentifier, isIfStatement: ts.isIfStatement,
    isImportDeclaration: ts.isImportDeclaration, isImportEqualsDeclaration: ts.isImportEqualsDeclaration,
    isExternalModule: ts.isExternalModule, isInterfaceDeclaration: ts.isInterfaceDeclaration, isIterationStatement: ts.isIterationStatement,
    isLabeledStatement: ts.isLabeledStatement, isMethodDeclaration: ts.isMethodDeclaration,
    isModuleDeclaration: ts.isModuleDeclaration, isNamedImports: ts.isNamedImports,
    isNamespaceImport: ts.isNamespaceImport, isNewExpression: ts.isNewExpression,
    isNonNullExpression: ts.isNonNullExpression, isNumericLiteral: ts.isNumericLiteral,
    isTypeOfExpression: ts.isTypeOfExpression, isVoidExpression: ts.isVoidExpression,
    isObjectBindingPattern: ts.isObjectBindingPattern, isObjectLiteralExpression: ts.isObjectLiteralExpression,
    isOmittedExpression: ts.isOmittedExpression, isParameter: ts.isParameter,
    isParenthesizedExpression: ts.isParenthesizedExpression, isPostfixUnaryExpression: ts.isPostfixUnaryExpression,
    isPrefixUnaryExpression: ts.isPrefixUnaryExpression, isPrivateIdentifier: ts.isPrivateIdentifier,
    isPropertyAccessExpression: ts.isPropertyAccessExpression, isPropertyAssignment: ts.isPropertyAssignment,
    isPropertyDeclaration: ts.isPropertyDeclaration, isReturnStatement: ts.isReturnStatement,
    isSatisfiesExpression: ts.isSatisfiesExpression, isShorthandPropertyAssignment: ts.isShorthandPropertyAssignment,
    isSpreadAssignment: ts.isSpreadAssignment, isSpreadElement: ts.isSpreadElement,
    isStringLiteral: ts.isStringLiteral, isStringLiteralLike: ts.isStringLiteralLike,
    isSwitchStatement: ts.isSwitchStatement, isTemplateExpression: ts.isTemplateExpression,
    isThrowStatement: ts.isThrowStatement, isTryStatement: ts.isTryStatement,
    isTypeAliasDeclaration: ts.isTypeAliasDeclaration, isTypeAssertionExpression: ts.isTypeAssertionExpression,
    isTypeReferenceNode: ts.isTypeReferenceNode, isVariableDeclaration: ts.isVariableDeclaration,
    isVariableDeclarationList: ts.isVariableDeclarationList, isVariableStatement: ts.isVariableStatement,
    isWhileStatement: ts.isWhileStatement, tokenToString: ts.tokenToString, updateSourceFile: ts.updateSourceFile,
  };
  return view as unknown as typeof TS;
}
