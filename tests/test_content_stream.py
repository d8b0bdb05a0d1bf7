"""The fast parse of a page (extract/content_stream.py, extract/layout_objects.py)
gives exactly pdfplumber's own objects, and the tokenizer exactly pdfminer's
tokens, or it hands the stream back to pdfminer."""
from __future__ import annotations

import io
import sys

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import PDFStream
from pdfminer.psparser import KWD, LIT, PSEOF

from conftest import REPO, SAMPLES
from extract.content_stream import content_objects, parse_page
from extract.layout_objects import set_page_objects

REALDOCS = REPO.parent / "shared" / "realdocs"
BORN_DIGITAL = ("dongthap_kh362_sgddt_stem_2026.pdf", "dongthap_qd337_sgddt_thanghang_2025.pdf",
                "lamdong_pl01_chamdiem_cchc_songanh_2025.pdf", "lamdong_tt666_gopy_kh_cchc_2026.pdf")


def pdfminer_objects(datas: list[bytes]) -> list:
    """What pdfminer's own content parser reads from these streams."""
    try:
        parser = PDFContentParser([PDFStream({}, data) for data in datas])
    except PSEOF:
        return []
    out = []
    while True:
        try:
            out.append(parser.nextobject()[1])
        except PSEOF:
            return out


def same(a, b) -> bool:
    """Equal, and of the same types all the way down (True is not 1, 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (bytes, str, int, float, bool, type(None))):
        return a == b
    if a is b:
        return True
    return hasattr(a, "__dict__") and repr(sorted(vars(a).items())) == repr(sorted(vars(b).items()))


# Streams the fast tokenizer reads itself, each as pdfminer reads it.
READ = [
    b"BT /F1 12 Tf 72 712 Td (Hello) Tj ET",
    b"(nested (parens (three) deep) here) Tj (a\\(b\\)c) Tj",
    b"(esc \\n\\r\\t\\b\\f\\\\ \\053\\1a\\0123 \\q unknown \\\nline) Tj",
    b"<48656c6c6f> Tj <48 65 6C\n6c 6f> Tj <4> Tj <abc> Tj <> Tj",
    b"/Name#20with#2Fhex /A#4 /B# /#41#42 /caf\xc3\xa9 /\xff\xfe gs",
    b"% a comment (not a string\n1 0 0 1 0 0 cm % another\r0 g",
    b"-.5 +3 1. .25 -0 007 12Tf 1.2.3 - + . -. +-4 Tf-5 w",
    b"[(A) -250 (B) 3.5 [1 [2]] /N true false null] TJ",
    b"/Span <</ActualText <FEFF0041>>> BDC EMC /P <</MCID 3 /K [1 2] /D <</E (x)>>>> BDC EMC",
    b"(a) ' 1 2 (b) \" T* d0 d1 Tj\x00x \x01 ) # @ ! Q",
    b"<41> <<>> > >",
    b"  \t\r\n\x0c\x00 ",
    b"",
]

# Streams it hands back to pdfminer (it cannot be sure to read them as pdfminer does).
HANDED_BACK = [
    b"q BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q",
    b"(a \\\r\nb) Tj",                       # pdfminer's reading depends on its 4096-byte buffers
    b"(never closed Tj",
    b"((((four) levels) deep) here) Tj",
    b"<414243",
    b"{ 1 2 add } exec",
    b"] Tj",
    b"<41>> Tj",                             # a '>>' that closes nothing
    b"<< /A 1 /B >> BDC",
    b"<< 1 2 >> BDC",
    b"[1 2 Tj",
    b"(\\777) Tj",
    b"/A#41",                                # a '#' escape at the very end of the content
]


@pytest.mark.parametrize("data", READ)
def test_streams_read_as_pdfminer_reads_them(data):
    fast = content_objects([data])
    assert fast is not None
    assert same(fast, pdfminer_objects([data])), (fast, pdfminer_objects([data]))


@pytest.mark.parametrize("data", HANDED_BACK)
def test_streams_it_cannot_be_sure_of_are_handed_back(data):
    assert content_objects([data]) is None


def test_the_tokens_are_pdfminers_kinds():
    objects = content_objects([b"/F1 12 Tf -.5 1. <41> (a) true [1] <</K 2>>"])
    assert same(objects, [LIT("F1"), 12, KWD(b"Tf"), -0.5, 1.0, b"A", b"a", True, [1], {"K": 2}])


@pytest.mark.parametrize("datas", [
    [b"BT /F1 12 T", b"f 72 712 Td (x) Tj ET"],      # a keyword cut in two
    [b"BT /F1 1", b"2 Tf (x) Tj ET"],                 # a number cut in two
    [b"BT /F", b"1 12 Tf ET"],                        # a name cut in two
    [b"[(a) 1", b" (b)] TJ"],                         # an array over two streams
    [b"q % comment", b" Q", b"", b"0 g"],             # a comment ended by the stream's end
])
def test_several_streams_read_as_pdfminer_reads_them(datas):
    fast = content_objects(datas)
    assert fast is not None
    assert same(fast, pdfminer_objects(datas))


@pytest.mark.parametrize("datas", [
    [b"(a", b"b) Tj"],            # a string over two streams
    [b"<<", b">>"],               # pdfminer's '<' looks into the next stream
    [b"<</A 1>", b"> BDC"],
    [b"/", b"F1 12 Tf"],          # an empty name: pdfminer reads on into the next stream
    [b"/A#4", b"1 gs"],
])
def test_streams_ending_in_what_pdfminer_carries_over_are_handed_back(datas):
    assert content_objects(datas) is None


def _pdf(contents: list[bytes], form: bytes | None = None) -> bytes:
    """A one-page PDF drawing ``contents`` (several content streams), with
    Helvetica as /F1 and, when given, a Form XObject /X1 drawing ``form``."""
    def stream(data: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data) + 1, data)

    content_ids = list(range(5, 5 + len(contents)))
    resources = b"<< /Font << /F1 4 0 R >>" + (b" /XObject << /X1 3 0 R >>" if form else b"") + b" >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (5 + len(contents)),
        (b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources %s /Length %d >>\nstream\n%s\nendstream"
         % (resources.replace(b" /XObject << /X1 3 0 R >>", b""), len(form) + 1, form)) if form else b"null",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *(stream(data) for data in contents),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources %s /Contents [%s] >>"
        % (resources, b" ".join(b"%d 0 R" % n for n in content_ids)),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def assert_same_objects(pdf, step: int = 1) -> int:
    """Every ``step``-th page's objects (from the first), pdfplumber's parse against the fast
    one; returns how many pages were compared."""
    compared = 0
    for page in pdf.pages[::step]:
        compared += 1
        theirs = page.objects
        del page._layout, page._objects
        parse_page(page)
        set_page_objects(page)
        ours = page.objects
        assert list(ours) == list(theirs), page.page_number
        for kind in theirs:
            assert len(ours[kind]) == len(theirs[kind]), (page.page_number, kind)
            for mine, pdfplumbers in zip(ours[kind], theirs[kind]):
                if kind == "image" and mine["stream"].objid is None:
                    # pdfminer names an inline image by its id(): another name on every parse
                    mine, pdfplumbers = dict(mine, name=None), dict(pdfplumbers, name=None)
                assert same(mine, pdfplumbers), (page.page_number, kind, mine, pdfplumbers)
        page.close()
    return compared


TEXT = b"BT /F1 12 Tf 72 700 Td (Hello \\(world\\)) Tj 0 -14 Td [(A) -250 (V) 120 (a)] TJ ET"
LINES = b"0.5 w 72 600 m 300 600 l S 72 500 200 50 re S 1 0 0 RG 72 400 m 100 450 150 350 200 400 c S"


@pytest.mark.parametrize("contents, form", [
    ([TEXT, LINES], None),
    ([TEXT[:17], TEXT[17:40], TEXT[40:]], None),                       # streams cut mid-token
    ([TEXT + b" q BI /W 2 /H 1 /BPC 8 /CS /G ID \x80\x81 EI Q", LINES], None),  # inline image: pdfminer's parser
    ([b"q 1 0 0 1 10 10 cm /X1 Do Q", TEXT], TEXT + b" " + LINES),      # a Form XObject
    ([b"BT /F1 9 Tf 72 300 Td (a) ' 2 1 (b) \" <48 69> Tj T* (\\101\\102) Tj ET"], None),
])
def test_page_objects_are_pdfplumbers(tmp_path, contents, form):
    path = tmp_path / "page.pdf"
    path.write_bytes(_pdf(contents, form))
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].chars  # the page draws something to compare
        assert_same_objects(pdf)


def _real_pdfs() -> list:
    files = sorted(SAMPLES.glob("*.pdf")) + [REALDOCS / name for name in BORN_DIGITAL]
    return [pytest.param(path, id=path.name) for path in files]


@pytest.mark.parametrize("path", _real_pdfs())
def test_every_page_of_the_real_pdfs_gives_pdfplumbers_objects(path):
    if not path.exists():
        pytest.skip(f"{path} is not here")
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:  # the fast tokenizer itself reads these pages
            assert content_objects([s.get_data() for s in page.page_obj.contents]) is not None
        # The long ones (a 78-page staff list, a 35-page scoring guide: one layout page after
        # page) every third page, to keep the suite short; the others every page.
        step = 3 if len(pdf.pages) > 20 else 1
        assert assert_same_objects(pdf, step) == len(pdf.pages[::step])


def test_a_generated_long_plan_gives_pdfplumbers_objects(tmp_path):
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from limits import long_pdf
    finally:
        sys.path.remove(str(REPO / "bench"))
    path = tmp_path / "long.pdf"
    pages = long_pdf(path, 6)
    with pdfplumber.open(path) as pdf:
        assert assert_same_objects(pdf) == pages
