/**
 * Writes custom-elements.json, the elements' Custom Elements Manifest (schema 2.1), from the sources
 * that define them, so the documentation cannot say something the code does not:
 * - RegimeWidget.svelte and RegimeSignals.svelte: the attributes (customElement props), `@csspart`s,
 *   `@cssstate`s and `@event`s;
 * - src/element/api.ts: the description, what each property means (doc comments, `@default`), the read-only
 *   properties and methods, the events and their `detail` types;
 * - src/contract/types.ts: unions of literals (`Mode`), spelt out;
 * - src/element/styles.css: the CSS custom properties, each with its default and doc comment.
 * `npm run manifest` writes the file; test/element/manifest.test.ts fails when it is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { parse } from 'svelte/compiler';
import ts from 'typescript';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const MODULE = 'dist/regime-widget.mjs';

/** Where each element's documentation comes from. */
interface ElementSource {
  tag: string;
  svelte: string;
  /** In api.ts: `${name}Element` (the description), `${name}Properties`, `${name}Members`, `${name}EventMap`. */
  name: string;
  /** Other interfaces of api.ts its properties are picked from. */
  pickedFrom?: string;
  /** Its custom states beside one per mode. */
  states: string[];
}

const ELEMENTS: ElementSource[] = [
  {
    tag: 'regime-widget',
    svelte: 'src/element/RegimeWidget.svelte',
    name: 'RegimeWidget',
    states: ['stale'],
  },
  {
    tag: 'regime-signals',
    svelte: 'src/element/RegimeSignals.svelte',
    name: 'RegimeSignals',
    pickedFrom: 'RegimeWidgetProperties',
    states: [],
  },
];

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface TypeText {
  text: string;
}
interface Attribute {
  name: string;
  fieldName: string;
  type: TypeText;
  default?: string;
  description: string;
}
interface Field {
  kind: 'field';
  name: string;
  type: TypeText;
  description: string;
  attribute?: string;
  reflects?: true;
  readonly?: true;
  default?: string;
}
interface Method {
  kind: 'method';
  name: string;
  description: string;
  parameters: { name: string; optional?: true; type: TypeText }[];
  return: { type: TypeText };
}
interface Named {
  name: string;
  description: string;
}
export interface CssProperty extends Named {
  default: string;
  syntax?: string;
}
export interface ElementDeclaration {
  kind: 'class';
  name: string;
  tagName: string;
  customElement: true;
  description: string;
  superclass: { name: string; package: string };
  attributes: Attribute[];
  members: (Field | Method)[];
  events: (Named & { type: TypeText })[];
  cssParts: Named[];
  cssProperties: CssProperty[];
  cssStates: Named[];
}
export interface Manifest {
  schemaVersion: string;
  modules: {
    kind: 'javascript-module';
    path: string;
    declarations: ElementDeclaration[];
    exports: {
      kind: 'js' | 'custom-element-definition';
      name: string;
      declaration: { name: string; module: string };
    }[];
  }[];
}

/** Throws with the file to fix: a source that cannot be documented is a build error, not a gap. */
function fail(file: string, message: string): never {
  throw new Error(`${file}: ${message}`);
}

/** One line of doc text: JSDoc and CSS comments fold to single spaces. */
const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The header comment of an element's .svelte file: the description, then `@tag name - text` lines. */
function readHeader(source: string, file: string) {
  const comment = /^<!--([\s\S]*?)-->/.exec(source.trimStart())?.[1] ?? fail(file, 'no header comment');
  const tagged = (tag: string): Named[] =>
    [...comment.matchAll(new RegExp(`@${tag}\\s+([\\w-]+)\\s+-\\s+(.+)`, 'g'))].map((m) => ({
      name: m[1] as string,
      description: oneLine(m[2] as string),
    }));
  return { parts: tagged('csspart'), events: tagged('event'), states: tagged('cssstate') };
}

interface PropDefinition {
  attribute?: string;
  type: 'String' | 'Number' | 'Boolean';
  reflect?: boolean;
}

/** The customElement props of an element's .svelte file, as Svelte compiles them. */
function readProps(source: string, file: string): [string, PropDefinition][] {
  const ast = parse(source, { modern: true }) as unknown as {
    options?: { customElement?: { props?: Record<string, PropDefinition> } };
  };
  const props = ast.options?.customElement?.props;
  if (!props) fail(file, 'no customElement props');
  return Object.entries(props);
}

interface Doc {
  description: string;
  tags: Map<string, string>;
}

function docOf(node: ts.Node, file: string, name: string): Doc {
  const jsDoc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  const description = oneLine(ts.getTextOfJSDocComment(jsDoc?.comment) ?? '');
  if (!description) fail(file, `${name} has no doc comment`);
  const tags = new Map<string, string>();
  for (const tag of jsDoc?.tags ?? [])
    tags.set(tag.tagName.text, oneLine(ts.getTextOfJSDocComment(tag.comment) ?? ''));
  return { description, tags };
}

/** A member's type as written, without `| undefined` (optional already says so). */
function typeText(
  node: ts.TypeNode | undefined,
  source: ts.SourceFile,
  aliases: Map<string, string>,
): string {
  if (!node) return 'unknown';
  const parts = ts.isUnionTypeNode(node) ? [...node.types] : [node];
  return parts
    .filter((part) => part.kind !== ts.SyntaxKind.UndefinedKeyword)
    .map((part) => {
      const text = part.getText(source);
      return aliases.get(text) ?? text;
    })
    .join(' | ');
}

function readApi() {
  const file = 'src/element/api.ts';
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  // Local unions of literals are spelt out, so tools can offer their values.
  const aliases = new Map<string, string>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement)) interfaces.set(statement.name.text, statement);
    if (ts.isTypeAliasDeclaration(statement))
      aliases.set(statement.name.text, statement.type.getText(source));
  }
  const contract = ts.createSourceFile(
    'types.ts',
    read('src/contract/types.ts'),
    ts.ScriptTarget.ES2022,
    true,
  );
  for (const statement of contract.statements) {
    if (!ts.isTypeAliasDeclaration(statement) || !ts.isUnionTypeNode(statement.type)) continue;
    if (statement.type.types.every(ts.isLiteralTypeNode))
      aliases.set(statement.name.text, statement.type.getText(contract));
  }
  const members = (name: string) =>
    (interfaces.get(name) ?? fail(file, `no interface ${name}`)).members.map((member) => {
      const key = member.name && ts.isIdentifier(member.name) ? member.name.text : undefined;
      const quoted = member.name && ts.isStringLiteral(member.name) ? member.name.text : undefined;
      const memberName = key ?? quoted ?? fail(file, `${name} has a member without a plain name`);
      return { name: memberName, member, doc: docOf(member, file, `${name}.${memberName}`) };
    });
  const type = (node: ts.TypeNode | undefined) => typeText(node, source, aliases);
  const description = (name: string) =>
    docOf(interfaces.get(name) ?? fail(file, `no interface ${name}`), file, name).description;
  return {
    file,
    members,
    type,
    description,
    modes: [
      ...(aliases.get('Mode') ?? fail('src/contract/types.ts', 'no Mode union')).matchAll(/'(\w+)'/g),
    ].map((m) => m[1] as string),
  };
}

/**
 * The CSS custom properties: in the `:host` block, each public `--regime-x` is read into a private
 * `--_x` with its light default as the fallback (`--_x: var(--regime-x, default)`), under its doc.
 */
function readCssProperties(): CssProperty[] {
  const file = 'src/element/styles.css';
  const css = read(file);
  const host = /:host\s*\{([\s\S]*?)\n\}/.exec(css)?.[1] ?? fail(file, 'no :host block');
  if (/^\s*--regime-/m.test(css))
    fail(file, 'declares a --regime-* property: it would beat the inherited one');
  const declared = [...host.matchAll(/(--_[\w-]+)\s*:/g)].map((m) => m[1] as string);
  const pattern = /\/\*\*([\s\S]*?)\*\/\s*--_([\w-]+)\s*:\s*var\(--regime-([\w-]+),\s*([^;]+)\);/g;
  const properties = [...host.matchAll(pattern)].map((m): CssProperty => {
    if (m[2] !== m[3]) fail(file, `--_${m[2]} reads --regime-${m[3]}: name them alike`);
    const value = oneLine(m[4] as string);
    const syntax = /^#[\da-f]{3,8}$/i.test(value)
      ? '<color>'
      : /^\d+(\.\d+)?px$/.test(value)
        ? '<length>'
        : undefined;
    return {
      name: `--regime-${m[3]}`,
      description: oneLine(m[1] as string),
      default: value,
      ...(syntax && { syntax }),
    };
  });
  const documented = new Set(properties.map((p) => p.name.replace('--regime-', '--_')));
  for (const name of declared) if (!documented.has(name)) fail(file, `${name} has no /** doc comment */`);
  for (const [, name] of css.matchAll(/var\((--_[\w-]+)/g)) {
    if (!documented.has(name as string)) fail(file, `var(${name}) is used but not declared in :host`);
  }
  for (const [, name] of css.matchAll(/var\((--regime-[\w-]+)/g)) {
    if (!documented.has((name as string).replace('--regime-', '--_')))
      fail(file, `var(${name}) is read but not documented in :host`);
  }
  return properties;
}

/** One element's declaration, built from its sources. */
function buildDeclaration(api: ReturnType<typeof readApi>, source: ElementSource): ElementDeclaration {
  const { name, svelte: file } = source;
  const svelte = read(file);
  const header = readHeader(svelte, file);
  const docs = new Map(api.members(`${name}Properties`).map((m) => [m.name, m]));
  const own = new Set(docs.keys());
  if (source.pickedFrom) {
    for (const picked of api.members(source.pickedFrom))
      if (!docs.has(picked.name)) docs.set(picked.name, picked);
  }

  const attributes: Attribute[] = [];
  const members: (Field | Method)[] = [];
  for (const [prop, definition] of readProps(svelte, file)) {
    const entry =
      docs.get(prop) ?? fail(api.file, `${name}Properties has no ${prop} (an attribute of the element)`);
    own.delete(prop);
    const attribute = (definition.attribute ?? prop).toLowerCase();
    const type = { text: ts.isPropertySignature(entry.member) ? api.type(entry.member.type) : 'unknown' };
    const fallback = entry.doc.tags.get('default');
    const common = {
      type,
      description: entry.doc.description,
      ...(fallback !== undefined && { default: fallback }),
    };
    attributes.push({ name: attribute, fieldName: prop, ...common });
    members.push({
      kind: 'field',
      name: prop,
      attribute,
      ...(definition.reflect && { reflects: true }),
      ...common,
    });
  }
  for (const extra of own) fail(api.file, `${name}Properties.${extra} is not an attribute of the element`);

  for (const { name: memberName, member, doc } of api.members(`${name}Members`)) {
    if (ts.isPropertySignature(member)) {
      members.push({
        kind: 'field',
        name: memberName,
        readonly: true,
        type: { text: api.type(member.type) },
        description: doc.description,
      });
    } else if (ts.isMethodSignature(member)) {
      members.push({
        kind: 'method',
        name: memberName,
        description: doc.description,
        parameters: member.parameters.map((p) => ({
          name: p.name.getText(),
          ...(p.questionToken && { optional: true as const }),
          type: { text: api.type(p.type) },
        })),
        return: { type: { text: api.type(member.type) } },
      });
    }
  }

  const events = api.members(`${name}EventMap`).map(({ name: event, member, doc }) => ({
    name: event,
    type: { text: ts.isPropertySignature(member) ? api.type(member.type) : 'CustomEvent' },
    description: doc.description,
  }));
  const headerEvents = header.events.map((e) => e.name).join(', ');
  if (headerEvents !== events.map((e) => e.name).join(', ')) {
    fail(file, `@event lines (${headerEvents}) differ from ${name}EventMap`);
  }

  // The custom states (states.ts): one per mode, and the element's own.
  const states = header.states.map((state) => state.name).join(', ');
  const expected = [...api.modes, ...source.states].join(', ');
  if (states !== expected) fail(file, `@cssstate lines (${states}) differ from ${expected}`);

  return {
    kind: 'class',
    name: `${name}Element`,
    tagName: source.tag,
    customElement: true,
    description: api.description(`${name}Element`),
    superclass: { name: 'HTMLElement', package: 'global:' },
    attributes,
    members,
    events,
    cssParts: header.parts,
    cssProperties: readCssProperties(),
    cssStates: header.states,
  };
}

/** The manifest, built from the sources. */
export function buildManifest(): Manifest {
  const api = readApi();
  const declarations = ELEMENTS.map((source) => buildDeclaration(api, source));
  return {
    schemaVersion: '2.1.0',
    modules: [
      {
        kind: 'javascript-module',
        path: MODULE,
        declarations,
        exports: declarations.flatMap((declaration) => {
          const reference = { name: declaration.name, module: MODULE };
          return [
            { kind: 'js' as const, name: declaration.name, declaration: reference },
            { kind: 'custom-element-definition' as const, name: declaration.tagName, declaration: reference },
          ];
        }),
      },
    ],
  };
}

/** The manifest as the file holds it: formatted like every JSON file of the project. */
export async function manifestText(manifest: Manifest = buildManifest()): Promise<string> {
  const path = join(ROOT, 'custom-elements.json');
  return format(JSON.stringify(manifest, null, 2), { ...(await resolveConfig(path)), filepath: path });
}

if (fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(ROOT, 'custom-elements.json'), await manifestText());
  console.log('custom-elements.json written');
}
