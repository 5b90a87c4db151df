/**
 * A small strict XML reader: elements, attributes, text, CDATA, comments, processing instructions
 * and the five predefined entities plus numeric references. No DTD is accepted, so there are no
 * entity expansion tricks. It reads as a stream of events (xmlEvents), so a caller can stop early
 * (the worksheet reader stops at its row limit), or into a tree (parseXml) for small parts.
 */

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export interface XmlElement {
  /** Local name, without any namespace prefix. */
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

export type XmlEvent =
  | { kind: 'open'; name: string; attributes: Record<string, string>; selfClosing: boolean }
  | { kind: 'close'; name: string }
  | { kind: 'text'; text: string };

/** Deeper nesting than any spreadsheet part has; a hostile file cannot recurse past it. */
export const MAX_XML_DEPTH = 64;

const NAME_RE = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const SPACE_RE = /\s/;

function decodeEntities(text: string, at: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&([^;&\s]{1,10});/g, (_match, entity: string) => {
    switch (entity) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
    }
    const code = entity.startsWith('#x')
      ? Number.parseInt(entity.slice(2), 16)
      : entity.startsWith('#')
        ? Number.parseInt(entity.slice(1), 10)
        : Number.NaN;
    if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlError(`XML 中有无法识别的实体（位置 ${at}）。`);
    }
    return String.fromCodePoint(code);
  });
}

function localName(qualified: string): string {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
}

/**
 * The document's events in order, checked as they go: tags match, one root element, no text
 * outside it, no DOCTYPE. Everything before the point a caller stops reading has been checked.
 */
export function* xmlEvents(xml: string): Generator<XmlEvent, void, undefined> {
  let i = 0;
  const n = xml.length;
  const open: string[] = [];
  let sawRoot = false;
  function fail(message: string): never {
    throw new XmlError(`XML 格式错误：${message}（位置 ${i}）。`);
  }
  const skipSpace = (): void => {
    while (i < n && SPACE_RE.test(xml[i] as string)) i += 1;
  };
  if (xml.charCodeAt(0) === 0xfeff) i = 1;

  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0 || lt > i) {
      const end = lt < 0 ? n : lt;
      const text = xml.slice(i, end);
      if (text.includes(']]>')) fail('文本中出现了 ]]>');
      if (open.length === 0) {
        if (text.trim() !== '') fail('根元素之外有文本');
      } else {
        yield { kind: 'text', text: decodeEntities(text, i) };
      }
      i = end;
      continue;
    }
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) fail('注释没有结束');
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) fail('CDATA 没有结束');
      if (open.length === 0) fail('根元素之外有 CDATA');
      yield { kind: 'text', text: xml.slice(i + 9, end) };
      i = end + 3;
      continue;
    }
    if (xml.startsWith('<!', i)) fail('不接受 DOCTYPE 或实体声明');
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) fail('处理指令没有结束');
      i = end + 2;
      continue;
    }
    if (xml.startsWith('</', i)) {
      const match = NAME_RE.exec(xml.slice(i + 2, i + 2 + 200));
      if (!match) fail('结束标签没有名称');
      const qualified = match[0];
      if (open.length === 0 || open[open.length - 1] !== qualified) fail(`结束标签 </${qualified}> 不匹配`);
      i += 2 + qualified.length;
      skipSpace();
      if (xml[i] !== '>') fail('结束标签没有闭合');
      i += 1;
      open.pop();
      yield { kind: 'close', name: localName(qualified) };
      continue;
    }
    // Start tag.
    i += 1;
    const nameMatch = NAME_RE.exec(xml.slice(i, i + 200));
    if (!nameMatch) fail('标签没有名称');
    const qualified = nameMatch[0];
    i += qualified.length;
    const attributes: Record<string, string> = {};
    for (;;) {
      const spaceStart = i;
      skipSpace();
      if (xml[i] === '>') {
        i += 1;
        break;
      }
      if (xml.startsWith('/>', i)) break;
      if (i === spaceStart) fail('属性之间缺少空格');
      const attrMatch = NAME_RE.exec(xml.slice(i, i + 200));
      if (!attrMatch) fail('属性名称无效');
      const attrName = attrMatch[0];
      i += attrName.length;
      skipSpace();
      if (xml[i] !== '=') fail('属性缺少等号');
      i += 1;
      skipSpace();
      const quote = xml[i];
      if (quote !== '"' && quote !== "'") fail('属性值缺少引号');
      const valueEnd = xml.indexOf(quote, i + 1);
      if (valueEnd < 0) fail('属性值没有结束');
      const rawValue = xml.slice(i + 1, valueEnd);
      if (rawValue.includes('<')) fail('属性值中出现了 <');
      const key = localName(attrName);
      // Namespace declarations are not data; a duplicate attribute is an error in XML.
      if (!attrName.startsWith('xmlns')) {
        if (Object.hasOwn(attributes, key) && !attrName.includes(':')) fail(`属性 ${key} 重复`);
        attributes[key] = decodeEntities(rawValue, i);
      }
      i = valueEnd + 1;
    }
    if (open.length === 0) {
      if (sawRoot) fail('有多个根元素');
      sawRoot = true;
    }
    const name = localName(qualified);
    if (xml.startsWith('/>', i)) {
      i += 2;
      yield { kind: 'open', name, attributes, selfClosing: true };
      yield { kind: 'close', name };
      continue;
    }
    if (open.length >= MAX_XML_DEPTH) fail('嵌套过深');
    open.push(qualified);
    yield { kind: 'open', name, attributes, selfClosing: false };
  }
  if (open.length !== 0) fail('元素没有闭合');
  if (!sawRoot) fail('没有根元素');
}

/** The whole document as a tree of its root element (for small parts: workbook, relationships). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  for (const event of xmlEvents(xml)) {
    const top = stack[stack.length - 1] as XmlElement;
    if (event.kind === 'text') top.children.push(event.text);
    else if (event.kind === 'open') {
      const element: XmlElement = { name: event.name, attributes: event.attributes, children: [] };
      top.children.push(element);
      stack.push(element);
    } else stack.pop();
  }
  const documentElement = root.children.find((child): child is XmlElement => typeof child !== 'string');
  // xmlEvents has already refused a document without one; this only satisfies the types.
  if (!documentElement) throw new XmlError('XML 格式错误：没有根元素。');
  return documentElement;
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter(
    (child): child is XmlElement => typeof child !== 'string' && child.name === name,
  );
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return childElements(element, name)[0];
}

export function textOf(element: XmlElement): string {
  return element.children.map((child) => (typeof child === 'string' ? child : textOf(child))).join('');
}

/**
 * Text as XML character data or an attribute value (spreadsheets, feeds, sitemaps, SVG): the
 * markup characters escaped and the characters XML 1.0 cannot carry at all dropped.
 */
export function escapeXml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
