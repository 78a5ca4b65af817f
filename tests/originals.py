"""Originals in every format `make add` takes, written by the tests with a known text (never downloaded).

- `pdf`: pages of lines drawn where a word processor draws them (Helvetica, a left margin, a first-line indent
  where asked, a running header and footer with the page's number), built with pypdf's own objects; optionally a
  script run when opened, an embedded file, an image for a page (a scan) or a password.
- `docx`: python-docx's own documents (headings, paragraphs, bullets, numbers, a table, a line break, a page
  header).
- `odt`: an OpenDocument text written as its specification has it (a zip of XML), with a list style.
- `html`: a saved web page with its site around it, scripts, frames, remote images and a tracking pixel.

Each comes with the paragraphs its text must give, word for word (`SPEECH`).
"""

from __future__ import annotations

import io
import zipfile

# A statement as its author wrote it: the paragraphs (a list item with its marker) the archive must show.
TITLE = "Opening Statement of the Kimberley Process Civil Society Coalition"
SPEECH = [
    TITLE,
    "Madam Chair,",
    "Thank you for giving the Coalition the floor today. We all welcome the governance reforms that participants "
    "have discussed since the intersessional meeting, and the work of the ad hoc committee on review and reform.",
    "Communities in the producing areas still wait for the right to self-determination over the resources of their "
    "land. We call on participants to broaden the definition of conflict diamonds so that it covers violence by "
    "public and private security forces, and to give the Coalition a seat at every table where it is discussed.",
    "We ask three things of this plenary:",
    ("1.", "a definition of conflict diamonds that covers human rights abuses;"),
    ("2.", "a permanent secretariat with a budget of its own;"),
    ("3.", "a peer review system that publishes its findings in full."),
    "The Coalition stands ready to work with every participant towards these goals. We thank the Chair and the "
    "host country for their hospitality, and we look forward to a productive week of discussions in this city.",
    "Thank you.",
]
# Where the PDF's lines are cut, the word it hyphenates at a line's end (undone) and the compound it cuts at its
# own hyphen (kept).
HYPHENATED = ("gover", "nance")
COMPOUND = ("self-", "determination")


def paragraphs_text(paras=SPEECH) -> list[str]:
    """The paragraphs as the archive's text writes them (a list item with its marker)."""
    return [" ".join(p) if isinstance(p, tuple) else p for p in paras]


def wrapped(paras=SPEECH, width: int = 78, indent: str = "") -> list[list[str]]:
    """Each paragraph's lines, wrapped at `width` characters as a word processor wraps them, each hyphenated word
    of CUTS cut at a line's end where it does not fit whole but its first part does (undone on reading if the
    joined word is a word: "gover-" "nance"; kept where the word has a hyphen of its own: "self-" "determination")."""
    out = []
    for para in paras:
        if isinstance(para, tuple):
            lines = fill(para[1], width - 3)
            out.append([f"{para[0]} {lines[0]}"] + [f"   {line}" for line in lines[1:]])
        else:
            out.append(fill(para, width, indent))
    return out


# Words a line's end cuts where it can: the part before the cut (with its hyphen) and after.
CUTS = {"governance": ("gover-", "nance"), "self-determination": ("self-", "determination")}


def fill(text: str, width: int, indent: str = "") -> list[str]:
    lines, line = [], indent
    for word in text.split(" "):
        if len(line) + bool(line.strip()) + len(word) <= width:
            line += (" " if line.strip() else "") + word
            continue
        cut = CUTS.get(word.strip(".,;:"))
        if cut and len(line) + 1 + len(cut[0]) <= width:
            lines.append(f"{line} {cut[0]}")
            before = len(cut[0].rstrip("-"))
            line = word[before + (word[before] == "-"):]
            continue
        lines.append(line)
        line = word
    lines.append(line)
    return lines


# --- PDF ------------------------------------------------------------------------------------------------------

def _pdf_string(text: str) -> bytes:
    data = text.encode("cp1252")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf(pages: list[list[tuple[float, float, str]]], size: float = 11, js: str | None = None,
        attachment: tuple[str, bytes] | None = None, password: str | None = None,
        scans: bool = False) -> bytes:
    """A PDF whose pages draw these lines, each (x, y, text) in points from the page's bottom left, in Helvetica
    (WinAnsi). `js`: a script the document runs when opened; `attachment`: an embedded file; `password`: its
    user password; `scans`: each page an image instead of text (no text layer)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject, NumberObject

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
    for lines in pages:
        page = writer.add_blank_page(595, 842)
        stream = DecodedStreamObject()
        resources = DictionaryObject({NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        if scans:
            image = DecodedStreamObject()
            image.set_data(bytes(range(256)) * 64)
            image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                          NameObject("/Width"): NumberObject(128), NameObject("/Height"): NumberObject(128),
                          NameObject("/ColorSpace"): NameObject("/DeviceGray"),
                          NameObject("/BitsPerComponent"): NumberObject(8)})
            resources[NameObject("/XObject")] = DictionaryObject({NameObject("/Im1"): writer._add_object(image)})
            stream.set_data(b"q 500 0 0 700 48 70 cm /Im1 Do Q")
        else:
            ops = [b"BT /F1 %d Tf" % size]
            for x, y, text in lines:
                ops.append(b"1 0 0 1 %.2f %.2f Tm %s Tj" % (x, y, _pdf_string(text)))
            ops.append(b"ET")
            stream.set_data(b"\n".join(ops))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = resources
    if js:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(js))
    if attachment:
        writer.add_attachment(*attachment)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def laid_out(paras=SPEECH, lines_a_page: int = 22, header: str | None = "Kimberley Process Civil Society "
             "Coalition – Opening statement", numbers: bool = True, indent: bool = False,
             gap: float = 8) -> list[list[tuple[float, float, str]]]:
    """The speech laid out on pages as a word processor lays it: 14-point lines from the top margin, `gap` points
    between paragraphs (0 with `indent`: a first-line indent marks them instead), a running header and a footer
    "Page N of M"."""
    blocks = wrapped(paras, indent="      " if indent else "")
    pages: list[list[tuple[float, float, str]]] = [[]]
    y, count = 760.0, 0
    for block in blocks:
        for line in block:
            if count == lines_a_page:
                pages.append([])
                y, count = 760.0, 0
            stripped = line.lstrip(" ")
            x = 72 + 5.5 * (len(line) - len(stripped))
            pages[-1].append((x, y, stripped))
            y -= 14
            count += 1
        y -= 0 if indent and block is not blocks[0] else gap  # a heading has its space, whatever the paragraphs
    total = len(pages)
    for n, page in enumerate(pages, 1):
        if header:
            page.insert(0, (150, 800, header))
        if numbers:
            page.append((270, 40, f"Page {n} of {total}"))
    return pages


# --- Word -----------------------------------------------------------------------------------------------------

def docx(paras=SPEECH, header: str = "KP Civil Society Coalition", table: bool = True) -> bytes:
    """A Word document: the title a heading, list items numbered by Word's own numbering, a line break in the
    salutation's paragraph, a two-cell table, a page header (furniture: not the text)."""
    import docx as python_docx

    document = python_docx.Document()
    document.sections[0].header.paragraphs[0].text = header
    for para in paras:
        if para == paras[0]:
            document.add_heading(para, 1)
        elif isinstance(para, tuple):
            document.add_paragraph(para[1], style="List Number")
        else:
            document.add_paragraph(para)
    if table:
        cells = document.add_table(rows=1, cols=2)
        cells.cell(0, 0).text = "Contact: coalition secretariat"
        cells.cell(0, 1).text = "Press: media office"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- OpenDocument ---------------------------------------------------------------------------------------------

ODF = {"office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
       "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0"}


def odt_zip(body: str, styles: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """An OpenDocument text: its mimetype first and stored, its manifest, and content.xml with this body."""
    namespaces = " ".join(f'xmlns:{k}="{v}"' for k, v in ODF.items())
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {namespaces} office:version="1.3">'
               f"<office:automatic-styles>{styles}</office:automatic-styles>"
               f"<office:body><office:text>{body}</office:text></office:body></office:document-content>")
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
                '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/'
                'vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def _x(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def odt(paras=SPEECH) -> bytes:
    """The speech as an OpenDocument text: a heading, paragraphs (one with a comment, a footnote and spaces as
    text:s), the list numbered by its list style."""
    body, items = [], []
    styles = ('<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-format="1" '
              'style:num-suffix="."/></text:list-style>')
    for para in paras:
        if isinstance(para, tuple):
            items.append(f"<text:list-item><text:p>{_x(para[1])}</text:p></text:list-item>")
            continue
        if items:
            body.append(f'<text:list text:style-name="L1">{"".join(items)}</text:list>')
            items = []
        if para == paras[0]:
            body.append(f'<text:h text:outline-level="1">{_x(para)}</text:h>')
        elif para == "Madam Chair,":
            body.append('<text:p>Madam<text:s/>Chair,<office:annotation><text:p>a comment, not the text</text:p>'
                        "</office:annotation></text:p>")
        elif para.startswith("Thank you for"):
            first, _, rest = para.partition(". ")
            body.append(f"<text:p><text:span>{_x(first)}.</text:span><text:s text:c=\"1\"/>{_x(rest)}"
                        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
                        "<text:note-body><text:p>A footnote, not the text.</text:p></text:note-body></text:note>"
                        "</text:p>")
        else:
            body.append(f"<text:p>{_x(para)}</text:p>")
    if items:
        body.append(f'<text:list text:style-name="L1">{"".join(items)}</text:list>')
    return odt_zip("".join(body), styles)


# --- a web page -----------------------------------------------------------------------------------------------

def html(paras=SPEECH, host: str = "http://127.0.0.1:9") -> bytes:
    """A saved page of the Coalition's site: its menu, header and footer around the speech in <main>, with every
    kind of remote content a page holds (scripts, a stylesheet, a frame, remote images, a tracking pixel, a
    form, an embedded object, a web font), each pointing at `host`."""
    body, items = [], []
    for para in paras:
        if isinstance(para, tuple):
            items.append(f"<li>{_x(para[1])}</li>")
            continue
        if items:
            body.append(f"<ol>{''.join(items)}</ol>")
            items = []
        if para == paras[0]:
            body.append(f"<h1>{_x(para)}</h1>")
        else:
            body.append(f"<p>{_x(para)}</p>")
    if items:
        body.append(f"<ol>{''.join(items)}</ol>")
    body.insert(3, f'<img src="{host}/photo.jpg" alt="The plenary hall"><iframe src="{host}/video"></iframe>'
                   f'<script>document.write("SCRIPT TEXT")</script>')
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Opening statement | KP Civil Society Coalition</title>
<link rel="stylesheet" href="{host}/style.css"><script src="{host}/tracker.js"></script>
<style>@import url("{host}/more.css"); @font-face {{ src: url("{host}/font.woff2") }}</style></head>
<body><header><a href="/">KP Civil Society Coalition</a><nav><ul><li><a href="/">Home</a></li>
<li><a href="/statements">Statements</a></li></ul></nav></header>
<main>{"".join(body)}</main>
<aside>Share this</aside><form action="{host}/subscribe"><input name="email" value="FORM TEXT"></form>
<object data="{host}/movie.swf">OBJECT TEXT</object><noscript>NOSCRIPT TEXT</noscript>
<footer>© Coalition <img src="{host}/pixel.gif?id=1" width="1" height="1" alt=""></footer></body></html>"""
    return page.encode("utf-8")
