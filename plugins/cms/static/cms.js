// The browser editor's own script (plugins/cms): Markdown files with Pelican's metadata block,
// read and written the way editors write them by hand:
//
//   Title: Evidence auditors ask for
//   Date: 2025-11-24
//   Summary: One or two sentences.
//
//   The text, in Markdown.
//
// Keys are written with a capital first letter (Nav_order), in the order of the form's fields;
// empty fields are left out; a value never spans lines (line breaks become spaces).
(function () {
  "use strict";
  var FIELD = /^([A-Za-z0-9_-]+):\s*(.*)$/;
  var CONTINUATION = /^( {4}|\t)\s*(.*)$/;

  function fromFile(text) {
    var lines = String(text || "").replace(/^\ufeff/, "").split(/\r?\n/);
    var data = {};
    var key = null;
    var index = 0;
    for (; index < lines.length; index += 1) {
      var line = lines[index];
      if (!line.trim()) {
        break;
      }
      var more = CONTINUATION.exec(line);
      if (more && key !== null) {
        data[key] = (data[key] + " " + more[2].trim()).trim();
        continue;
      }
      var field = FIELD.exec(line);
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

  function toFile(data) {
    var lines = [];
    Object.keys(data).forEach(function (key) {
      var value = written(data[key]);
      if (key !== "body" && value !== "") {
        lines.push(key.charAt(0).toUpperCase() + key.slice(1) + ": " + value);
      }
    });
    var body = String(data.body || "").replace(/\s+$/, "");
    return lines.join("\n") + "\n\n" + body + "\n";
  }

  window.CMS.registerCustomFormat("pelican-markdown", "md", {fromFile: fromFile, toFile: toFile});
}());
