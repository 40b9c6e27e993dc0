// The browser editor's own script (plugins/cms), loaded after Decap CMS: the formats and the
// widget that make it write files the way editors write them by hand.
//
// - "msp-yaml", member profiles: block YAML with the modeline first. A file that exists is
//   changed in place (yaml's Document keeps its comments, key order, quoting, flow lists and
//   dates), so editing one field gives a one-line diff; a new file is written in the schema's
//   field order with short lists in flow style ([NO, SE]), as the scaffold writes them.
// - "pelican-markdown", articles, issues and pages: Pelican's metadata block (Key: value lines,
//   a blank line, then the Markdown text).
// - "signed", the signed fields of a profile (its name and audit records): editable while the
//   profile is new, read-only once it exists (staff change them with make sign-records).
import {Document, isSeq, isScalar, parseDocument, visit} from "./yaml/index.js";

const CMS = window.CMS;
const h = window.h;
const MODELINE = " yaml-language-server: $schema=schema.json";
const SOURCE = "__msp_source";  // the file as read, carried in the entry to its next save
// {path: [field names]} of the profile form (plugins/cms/generator.py writes it on the tag)
const ORDER = JSON.parse(document.querySelector("script[data-profile-order]").dataset.profileOrder);

function isEmpty(value) {
  return value === undefined || value === null || value === "" ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
}

function cleaned(value) {
  if (Array.isArray(value)) {
    return value.map(cleaned).filter((item) => !isEmpty(item));
  }
  if (value && typeof value === "object") {
    const kept = {};
    Object.keys(value).forEach((key) => {
      const item = cleaned(value[key]);
      if (!isEmpty(item)) {
        kept[key] = item;
      }
    });
    return kept;
  }
  return value;
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isMapping(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// Change `doc` at `path` from `before` to `after`, touching only what differs.
function update(doc, path, before, after) {
  if (same(before, after)) {
    return;
  }
  if (isMapping(before) && isMapping(after)) {
    Object.keys(before).forEach((key) => {
      if (!(key in after)) {
        doc.deleteIn([...path, key]);
      }
    });
    Object.keys(after).forEach((key) => update(doc, [...path, key], before[key], after[key]));
    return;
  }
  doc.setIn(path, after);
}

function yamlFromFile(text) {
  const data = parseDocument(String(text || "")).toJS() || {};
  data[SOURCE] = String(text || "");
  return data;
}

function yamlToFile(data) {
  const values = cleaned(Object.assign({}, data, {[SOURCE]: undefined}));
  const source = data[SOURCE];
  let doc;
  if (source) {
    doc = parseDocument(source);
    update(doc, [], cleaned(doc.toJS() || {}), values);
  } else {
    doc = new Document(ordered(values, ""));
    visit(doc, {
      Seq(_, node) {
        if (node.items.every((item) => isScalar(item))) {
          node.flow = true;
        }
      },
    });
  }
  const text = doc.toString({lineWidth: 0, flowCollectionPadding: false});
  return source ? text : `#${MODELINE}\n${text}`;
}

// `value` with the keys of each mapping in the form's order (unknown keys after, as they were).
function ordered(value, path) {
  if (Array.isArray(value)) {
    return value.map((item) => ordered(item, path));
  }
  if (!isMapping(value)) {
    return value;
  }
  const known = ORDER[path] || [];
  const keys = Object.keys(value).sort((a, b) => rank(known, a) - rank(known, b));
  const result = {};
  keys.forEach((key) => {
    result[key] = ordered(value[key], path ? `${path}.${key}` : key);
  });
  return result;
}

function rank(known, key) {
  const index = known.indexOf(key);
  return index === -1 ? known.length : index;
}

const FIELD = /^([A-Za-z0-9_-]+):\s*(.*)$/;
const CONTINUATION = /^( {4}|\t)\s*(.*)$/;

function markdownFromFile(text) {
  const lines = String(text || "").replace(/^\ufeff/, "").split(/\r?\n/);
  const data = {};
  let key = null;
  let index = 0;
  for (; index < lines.length; index += 1) {
    const line = lines[index];
    if (!line.trim()) {
      break;
    }
    const more = CONTINUATION.exec(line);
    if (more && key !== null) {
      data[key] = `${data[key]} ${more[2].trim()}`.trim();
      continue;
    }
    const field = FIELD.exec(line);
    if (!field) {
      break;
    }
    key = field[1].toLowerCase();
    data[key] = field[2].trim();
  }
  data.body = lines.slice(index + 1).join("\n");
  return data;
}

function written(value) {
  if (value === null || value === undefined) {
    return "";
  }
  if (Array.isArray(value)) {
    return value.join(", ");
  }
  return String(value).replace(/\s*\r?\n\s*/g, " ").trim();
}

function markdownToFile(data) {
  const lines = [];
  Object.keys(data).forEach((key) => {
    const value = written(data[key]);
    if (key !== "body" && value !== "") {
      lines.push(`${key.charAt(0).toUpperCase()}${key.slice(1)}: ${value}`);
    }
  });
  const body = String(data.body || "").replace(/\s+$/, "");
  return `${lines.join("\n")}\n\n${body}\n`;
}

function describe(value) {
  const plain = value && typeof value.toJS === "function" ? value.toJS() : value;
  if (Array.isArray(plain)) {
    return plain.map((record) => Object.keys(record).map((key) => `${key}: ${record[key]}`)
      .join(", ")).join("\n");
  }
  return plain === undefined || plain === null ? "" : String(plain);
}

const SignedControl = window.createClass({
  render() {
    const entry = this.props.entry;
    if (entry && entry.get("newRecord")) {
      const inner = CMS.getWidget(this.props.field.get("signed_widget"));
      return h(inner.control, this.props);
    }
    return h("pre", {
      className: this.props.classNameWrapper, id: this.props.forID, "aria-readonly": "true",
      "data-signed": "true", style: {whiteSpace: "pre-wrap", margin: 0},
    }, describe(this.props.value));
  },
});

CMS.registerCustomFormat("msp-yaml", "yaml", {fromFile: yamlFromFile, toFile: yamlToFile});
CMS.registerCustomFormat("pelican-markdown", "md",
  {fromFile: markdownFromFile, toFile: markdownToFile});
CMS.registerWidget("signed", SignedControl);
