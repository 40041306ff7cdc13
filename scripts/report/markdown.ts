// Markdown pieces the report's parts share.

/** Inline code that survives any backticks inside. */
export function code(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}
