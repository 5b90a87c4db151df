import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeXml,
  parseXml,
  XmlError,
  xmlEvents,
  type XmlElement,
  type XmlNode,
} from '../../functions/lib/xml.ts';

/** Text XML can carry unchanged: no characters it drops, no CR (XML normalises line ends). */
const xmlText = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom('<', '>', '&', '"', "'", ' ', '\n', ']]>'),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      fc.constantFrom('中', '文', '𠀋'),
    ),
  })
  // eslint-disable-next-line no-control-regex
  .filter((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\r]/.test(s));
const xmlName = fc.stringMatching(/^[A-Za-z_][\w.-]{0,8}$/).filter((s) => !s.toLowerCase().startsWith('xml'));

const element: fc.Memo<XmlElement> = fc.memo((depth) =>
  fc.record({
    name: xmlName,
    attributes: fc.dictionary(xmlName, xmlText, { maxKeys: 3 }),
    children:
      depth <= 1
        ? fc.array(xmlText, { maxLength: 2 })
        : fc.array(fc.oneof(xmlText, element(depth - 1)), { maxLength: 4 }),
  }),
);

function serialize(node: XmlNode): string {
  if (typeof node === 'string') return escapeXml(node);
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
    .join('');
  return `<${node.name}${attributes}>${node.children.map(serialize).join('')}</${node.name}>`;
}

/** What a reader can see: adjacent text runs are one text, empty text is none. */
function normalize(node: XmlElement): XmlElement {
  const children: XmlNode[] = [];
  for (const child of node.children) {
    if (typeof child !== 'string') children.push(normalize(child));
    else if (child !== '') {
      const last = children[children.length - 1];
      if (typeof last === 'string') children[children.length - 1] = last + child;
      else children.push(child);
    }
  }
  return { name: node.name, attributes: node.attributes, children };
}

describe('the XML reader (properties)', () => {
  it('reads back any tree the writer escapes', () => {
    fc.assert(
      fc.property(element(4), (tree) => {
        expect(normalize(parseXml(serialize(tree)))).toEqual(normalize(tree));
      }),
      { numRuns: 300 },
    );
  });

  it('streams balanced open and close events for any tree', () => {
    fc.assert(
      fc.property(element(4), (tree) => {
        let depth = 0;
        for (const event of xmlEvents(serialize(tree))) {
          if (event.kind === 'open') depth += 1;
          else if (event.kind === 'close') depth -= 1;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
      }),
    );
  });

  it('refuses any input only with its own error, never a crash', () => {
    const markup = fc.string({
      unit: fc.constantFrom(
        '<',
        '>',
        '/',
        '!',
        '?',
        '=',
        '"',
        "'",
        '&',
        ';',
        '#',
        'x',
        'a',
        'b',
        ' ',
        '[',
        ']',
        '-',
        '1',
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(markup, (input) => {
        try {
          parseXml(input);
        } catch (error) {
          expect(error).toBeInstanceOf(XmlError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('refuses a truncated document wherever it is cut', () => {
    fc.assert(
      fc.property(element(3), fc.nat(), (tree, at) => {
        const xml = serialize(tree);
        const cut = at % xml.length;
        // Cutting a document anywhere inside its root element leaves it unclosed.
        expect(() => parseXml(xml.slice(0, cut))).toThrow(XmlError);
      }),
    );
  });
});
