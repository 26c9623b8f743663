/** The variables a template may use; anything else is refused when the template is saved. */
export const TEMPLATE_VARIABLES = ['name', 'answerUrl', 'alertTitle', 'alertBody', 'companyName', 'sentAt'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
export type TemplateValues = Record<TemplateVariable, string>;

const knownVariables: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES);
const placeholder = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** A template that cannot be saved or a message that cannot be rendered; the message says which and why. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';

  /** `field`: the template at fault, e.g. "ja.body" (the error shape's path when saving). */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

type TemplatePart = { text: string } | { variable: TemplateVariable };

/**
 * A text with `{{variable}}` placeholders, checked once when compiled. Rendering is a single
 * pass over the parsed parts, so a value that itself contains `{{…}}` (an employee named
 * "{{answerUrl}}") stays literal text.
 */
export class MessageTemplate {
  private constructor(
    readonly source: string,
    private readonly parts: readonly TemplatePart[],
  ) {}

  /** `field` names the template in errors, e.g. "ja.body". */
  static compile(source: string, field: string): MessageTemplate {
    const parts: TemplatePart[] = [];
    let position = 0;
    for (const match of source.matchAll(placeholder)) {
      const variable = match[1];
      if (!knownVariables.has(variable)) {
        throw new TemplateError(`${field}: unknown variable {{${variable}}}; known variables: ${TEMPLATE_VARIABLES.join(', ')}`, field);
      }
      parts.push({ text: source.slice(position, match.index) }, { variable: variable as TemplateVariable });
      position = match.index + match[0].length;
    }
    parts.push({ text: source.slice(position) });
    const leftover = parts.find((part) => 'text' in part && /\{\{|\}\}/.test(part.text));
    if (leftover) throw new TemplateError(`${field}: unbalanced "{{" or "}}" (write placeholders as {{name}})`, field);
    return new MessageTemplate(source, parts);
  }

  usesOf(variable: TemplateVariable): number {
    return this.parts.filter((part) => 'variable' in part && part.variable === variable).length;
  }

  render(values: TemplateValues): string {
    return this.parts.map((part) => ('text' in part ? part.text : values[part.variable])).join('');
  }
}
