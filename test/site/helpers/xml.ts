/**
 * A strict well-formedness check for the XML the portal writes (feeds): one root, properly nested
 * and closed tags, quoted unique attributes, only the five predefined or numeric entities, no
 * stray '<' or '&'. Returns a small element tree for structural assertions.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlError extends Error {}

const NAME = '[A-Za-z_][A-Za-z0-9._:-]*';
const ENTITY = /&(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);/g;

function decode(text: string, where: string): string {
  const stripped = text.replace(ENTITY, '');
  if (stripped.includes('&')) throw new XmlError(`bare or unknown entity in ${where}`);
  if (stripped.includes('<')) throw new XmlError(`stray < in ${where}`);
  return text.replace(ENTITY, (e) => {
    switch (e) {
      case '&lt;':
        return '<';
      case '&gt;':
        return '>';
      case '&amp;':
        return '&';
      case '&quot;':
        return '"';
      case '&apos;':
        return "'";
      default:
        return String.fromCodePoint(
          e[2] === 'x' ? parseInt(e.slice(3, -1), 16) : parseInt(e.slice(2, -1), 10),
        );
    }
  });
}

function parseAttrs(source: string, tag: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = new RegExp(`\\s+(${NAME})\\s*=\\s*("([^"]*)"|'([^']*)')`, 'y');
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(source);
    if (!m) throw new XmlError(`malformed attributes in <${tag}>`);
    const name = m[1] ?? '';
    if (name in attrs) throw new XmlError(`duplicate attribute ${name} in <${tag}>`);
    attrs[name] = decode(m[3] ?? m[4] ?? '', `attribute ${name}`);
    pos = re.lastIndex;
  }
  return attrs;
}

export function parseXml(text: string): XmlElement {
  let rest = text.replace(/^\uFEFF/, '');
  const decl = /^<\?xml\s[^?]*\?>/.exec(rest);
  if (decl) rest = rest.slice(decl[0].length);
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tagRe = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`, 'y');
  let pos = 0;
  while (pos < rest.length) {
    const lt = rest.indexOf('<', pos);
    const chunk = lt === -1 ? rest.slice(pos) : rest.slice(pos, lt);
    const parent = stack[stack.length - 1];
    if (parent) parent.text += decode(chunk, `<${parent.name}>`);
    else if (chunk.trim() !== '') throw new XmlError('text outside the root element');
    if (lt === -1) break;
    if (rest.startsWith('<!--', lt)) {
      const end = rest.indexOf('-->', lt);
      if (end === -1) throw new XmlError('unterminated comment');
      pos = end + 3;
      continue;
    }
    tagRe.lastIndex = lt;
    const m = tagRe.exec(rest);
    if (!m) throw new XmlError(`malformed tag at offset ${lt}: ${rest.slice(lt, lt + 30)}`);
    pos = tagRe.lastIndex;
    const [, closing, name = '', attrSource = '', selfClosing] = m;
    if (closing) {
      if (attrSource.trim() || selfClosing) throw new XmlError(`malformed end tag </${name}>`);
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`</${name}> does not close <${open?.name ?? ''}>`);
      continue;
    }
    const element: XmlElement = { name, attrs: parseAttrs(attrSource, name), children: [], text: '' };
    const top = stack[stack.length - 1];
    if (top) top.children.push(element);
    else if (root) throw new XmlError('more than one root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new XmlError(`unclosed <${stack[stack.length - 1]?.name ?? ''}>`);
  if (!root) throw new XmlError('no root element');
  return root;
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** RFC 3339 date-time as Atom requires. */
export function isRfc3339(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}
