"""Inert SVG: an allowlist of SVG elements and attributes, for member logos and content images.

A file a contributor supplies is served from the site's own origin, where a browser that opens it
directly runs it as a document. A denylist misses what it does not name (an XHTML
`<meta http-equiv="refresh">` redirects with no script, no event handler and no link), so this is
an allowlist in the manner of svg-sanitizer and DOMPurify's SVG profile, reduced to drawing:

- every element is in the SVG namespace and in SVG_ELEMENTS (no foreign namespace such as XHTML,
  no `<foreignObject>`, `<script>`, `<a>`, `<image>`, animation or `<feImage>`);
- every attribute is in SVG_ATTRIBUTES, or is `xml:space`/`xml:lang`, or is an `href` to a
  `#fragment` of the same file (plain or `xlink:`); no other namespace, no `on*`, no `xml:base`;
- CSS (the `style` attribute, `<style>` text, presentation attributes) refers to nothing but local
  `#fragments`: no `url()` elsewhere, `@import`, `@font-face`, `image-set()`, `expression()`,
  and no CSS escapes (which would hide those words);
- no DTD, entities or processing instructions (an `<?xml-stylesheet?>` fetches a stylesheet).

Pure functions over bytes; imports no plugin. Each problem is a short sentence for the caller's
`file:line: field: problem; expected` line, with EXPECTED.
"""

import re

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_NAMESPACE = "http://www.w3.org/1999/xlink"
XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"
EXPECTED = ("an inert SVG: SVG drawing elements and attributes only, links and url() to "
            "#fragments of the same file only")

SVG_ELEMENTS = frozenset("""
svg g defs title desc symbol use path rect circle ellipse line polyline polygon text tspan
textPath linearGradient radialGradient stop clipPath mask pattern marker filter style switch
feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting
feDisplacementMap feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR
feGaussianBlur feMerge feMergeNode feMorphology feOffset fePointLight feSpecularLighting
feSpotLight feTile feTurbulence
""".split())

SVG_ATTRIBUTES = frozenset("""
id class style lang tabindex role aria-label aria-labelledby aria-describedby aria-hidden
focusable version baseProfile viewBox preserveAspectRatio width height x y x1 y1 x2 y2 cx cy r
rx ry fx fy fr d points pathLength dx dy rotate textLength lengthAdjust startOffset method
spacing side transform transform-origin
alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
color-interpolation-filters color-rendering direction display dominant-baseline fill
fill-opacity fill-rule filter flood-color flood-opacity font-family font-size font-size-adjust
font-stretch font-style font-variant font-weight glyph-orientation-horizontal
glyph-orientation-vertical image-rendering kerning letter-spacing lighting-color marker-end
marker-mid marker-start mask opacity overflow paint-order pointer-events shape-rendering
stop-color stop-opacity stroke stroke-dasharray stroke-dashoffset stroke-linecap
stroke-linejoin stroke-miterlimit stroke-opacity stroke-width text-anchor text-decoration
text-rendering unicode-bidi vector-effect visibility word-spacing writing-mode
enable-background
gradientUnits gradientTransform spreadMethod offset patternUnits patternContentUnits
patternTransform clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight
refX refY orient filterUnits primitiveUnits in in2 result stdDeviation mode type values
operator k1 k2 k3 k4 order kernelMatrix divisor bias targetX targetY edgeMode preserveAlpha
surfaceScale diffuseConstant specularConstant specularExponent kernelUnitLength scale
xChannelSelector yChannelSelector radius azimuth elevation pointsAtX pointsAtY pointsAtZ
limitingConeAngle baseFrequency numOctaves seed stitchTiles tableValues slope intercept
amplitude exponent media requiredExtensions systemLanguage
""".split())
# Attributes outside no namespace that a drawing may carry.
XML_ATTRIBUTES = frozenset({f"{{{XML_NAMESPACE}}}space", f"{{{XML_NAMESPACE}}}lang"})
HREFS = frozenset({"href", f"{{{XLINK_NAMESPACE}}}href"})

# CSS that fetches, imports, runs or hides what it does: url() to anything but #fragment,
# @import, @font-face, image-set()/image()/cross-fade()/element(), expression(), escapes.
_CSS_FETCHES = re.compile(
    r"url\s*\(\s*['\"]?\s*(?!#)|@import|@font-face|(?:image-set|image|cross-fade|element|"
    r"expression)\s*\(|\\", re.I)
_PROCESSING_INSTRUCTION = re.compile(rb"<\?(?!xml[ \t\r\n])", re.I)


def _split(name):
    """(namespace or None, local name) of an ElementTree tag or attribute name."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _shown(value, limit=60):
    value = " ".join(value.split())
    return repr(value if len(value) <= limit else value[:limit] + "...")


def css_problem(text):
    """A sentence when CSS text fetches, imports, runs or escapes anything; None when inert."""
    match = _CSS_FETCHES.search(text)
    if match is None:
        return None
    if match[0] == "\\":
        return "uses a CSS escape, which can hide what it loads"
    return f"loads an external resource or runs code ({_shown(match[0])})"


def svg_problems(data):
    """Problems that make SVG bytes unsafe to serve; an empty list when the file is inert."""
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        return [f"the SVG declares a DTD or entities ({type(error).__name__})"]
    except SafeET.ParseError as error:
        return [f"the SVG is not well-formed XML ({error})"]
    found = []
    if _PROCESSING_INSTRUCTION.search(data):
        found.append("the SVG contains a processing instruction (such as <?xml-stylesheet?>)")
    if _split(root.tag) != (SVG_NAMESPACE, "svg"):
        namespace, tag = _split(root.tag)
        return found + [f"the root element is <{tag}>"
                        + (f" in {namespace}" if namespace else " without the SVG namespace")
                        + ", not <svg> in the SVG namespace"]
    for element in root.iter():
        found += _element_problems(element)
    return list(dict.fromkeys(found))


def _element_problems(element):
    namespace, tag = _split(element.tag) if isinstance(element.tag, str) else (None, "?")
    if namespace != SVG_NAMESPACE:
        return [f"the SVG contains <{tag}> from the foreign namespace {namespace or '(none)'}"]
    if tag not in SVG_ELEMENTS:
        return [f"the SVG contains a <{tag}> element, which is not on the list of drawing "
                "elements"]
    found = []
    if tag == "style" and element.text:
        problem = css_problem(element.text)
        if problem:
            found.append(f"<style> {problem}")
    for name, value in element.attrib.items():
        attribute_namespace, attribute = _split(name)
        if name in HREFS:
            if not value.strip().startswith("#"):
                found.append(f"<{tag}> {attribute} refers to {_shown(value)}, outside the file")
        elif attribute_namespace is None and attribute in SVG_ATTRIBUTES:
            problem = css_problem(value)
            if problem:
                found.append(f"<{tag}> {attribute} {problem}")
        elif attribute.lower().startswith("on"):
            found.append(f"<{tag}> has an event handler attribute {attribute}")
        elif name not in XML_ATTRIBUTES:
            where = f" from {attribute_namespace}" if attribute_namespace else ""
            found.append(f"<{tag}> has the attribute {attribute}{where}, which is not on the "
                         "list of drawing attributes")
    return found
