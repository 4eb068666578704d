// ESLint rule: no koffi value is used outside src/platform/. An import ban only sees the
// module name; this rule looks at types, so it also catches a koffi function handed out
// by a platform module and called elsewhere (fn(...), fn.async(...)), and the koffi
// module reached through any path (koffi.address(...), koffi.decode(...)). It needs type
// information (parserOptions.projectService) and applies to the files the config gives it.

/** True when the type, or the alias it was written as, is declared in koffi's typings. */
function declaredByKoffi(type) {
  const symbols = [type.aliasSymbol, type.getSymbol()].filter(Boolean);
  return symbols.some((symbol) =>
    (symbol.declarations ?? []).some((d) =>
      /[\\/]node_modules[\\/]koffi[\\/]/.test(d.getSourceFile().fileName),
    ),
  );
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'koffi values are used only under src/platform/, through typed wrappers' },
    messages: {
      call: 'Calls a koffi function outside src/platform/: add a typed wrapper in src/platform/<os>/ and call that.',
      member:
        'Uses a koffi value outside src/platform/: add a typed wrapper in src/platform/<os>/ and call that.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program) throw new Error('hostwatch/koffi-boundary needs parserOptions.projectService');
    const koffiTyped = (node) => declaredByKoffi(services.getTypeAtLocation(node));
    const reportedAsCall = (node) =>
      node.parent?.type === 'CallExpression' && node.parent.callee === node && koffiTyped(node);
    return {
      CallExpression(node) {
        if (koffiTyped(node.callee)) context.report({ node, messageId: 'call' });
      },
      MemberExpression(node) {
        if (koffiTyped(node.object) && !reportedAsCall(node)) context.report({ node, messageId: 'member' });
      },
    };
  },
};

export default { rules: { 'koffi-boundary': rule } };
