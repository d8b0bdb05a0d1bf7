#!/usr/bin/env python3
"""Write the scan corpus: the samples' plan tables as other offices print and scan them.

The kehoach samples are all Liberation Serif, ruled alike, scanned alike. The
corpus re-renders the plan tables of the synthetic truth files
(samples/truth/) in the layouts kehoach was not tuned on, and scans them
(samples/make_scans.py's scanner): other fonts that carry Vietnamese (DejaVu
Serif, DejaVu Sans, Liberation Sans), a narrow TT column, thick, grey or thin
ruling, colour and gray scans at 300, 200 and a harsh 150 dpi, JPEG quality
30–85, skew, and pages fed in turned 90 or 180°. Only the pages that hold a
table are kept (the goldens score tables), so the corpus stays a few MB.

Every file is ``samples/corpus/<name>.pdf``, an image-only PDF, scored against
``samples/truth/<source>.json`` (the variant's source); :data:`VARIANTS` says
which is which, and tests/test_corpus_golden.py reads it from here.
Deterministic: the noise is seeded from the variant's name.

Usage: ``python samples/make_corpus.py [--out DIR] [NAME ...]``
"""
from __future__ import annotations

import argparse
import copy
import json
import logging
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import make_samples  # noqa: E402
import make_scans  # noqa: E402

log = logging.getLogger("make_corpus")

FONTS = {
    "dejavu-serif": (Path("/usr/share/fonts/truetype/dejavu"),
                     ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf",
                      "DejaVuSerif-BoldItalic.ttf")),
    "dejavu-sans": (Path("/usr/share/fonts/truetype/dejavu"),
                    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
                     "DejaVuSans-BoldOblique.ttf")),
    "liberation-sans": (Path("/usr/share/fonts/truetype/liberation2"),
                        ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf", "LiberationSans-Italic.ttf",
                         "LiberationSans-BoldItalic.ttf")),
}

#: Ruling: (line width in points, gray level 0..1).
RULINGS = {"thin": (0.4, 0.0), "thick": (1.4, 0.0), "grey": (0.8, 0.45)}


@dataclass(frozen=True)
class CorpusVariant:
    """One corpus file: which truth, how printed, how scanned."""

    name: str
    source: str  # samples/truth/<source>.json
    font: str  # a key of FONTS
    ruling: str  # a key of RULINGS
    #: Share of the table's width for the item (TT) column; None keeps the truth's.
    item_width: float | None
    scan: make_scans.ScanVariant
    #: Counter-clockwise degrees the page is turned when fed in (0, 90, 180, 270).
    turned: int = 0


VARIANTS = (
    CorpusVariant("tinh-dejavu-serif-300", "synthetic-tinh-2024", "dejavu-serif", "thick", 0.035,
                  make_scans.ScanVariant("c300", 300, skew=(0.5, 2.5), noise=3.0, blur=0.8, jpeg_quality=45)),
    CorpusVariant("huyen-dejavu-sans-200", "synthetic-huyen-2023", "dejavu-sans", "grey", 0.04,
                  make_scans.ScanVariant("c200", 200, skew=(1.0, 3.0), noise=3.0, blur=0.6, jpeg_quality=40)),
    CorpusVariant("bo-liberation-sans-150", "synthetic-bo-2025", "liberation-sans", "thin", None,
                  make_scans.ScanVariant("c150", 150, skew=(0.5, 2.0), noise=10.0, blur=0.9, jpeg_quality=30,
                                         paper=235, ink=45, color_stamp=False)),
    CorpusVariant("tinh-dejavu-serif-300-turned90", "synthetic-tinh-2024", "dejavu-serif", "thick", 0.035,
                  make_scans.ScanVariant("c300", 300, skew=(0.5, 2.5), noise=3.0, blur=0.8, jpeg_quality=45),
                  turned=90),
)


def render(variant: CorpusVariant, truth: dict, workdir: Path) -> Path:
    """The source's plan tables printed in the variant's font, ruling and column widths."""
    from reportlab import rl_config
    from reportlab.lib import colors

    font_dir, files = FONTS[variant.font]
    # make_samples registers its font family under one name from FONT_FILES:
    # pointing that table at other files prints the same story in another font.
    make_samples.FONT_FILES = dict(zip(make_samples.FONT_FILES, files))
    make_samples.register_fonts(font_dir)
    width, gray = RULINGS[variant.ruling]
    make_samples.RuledTable.GRID = ("GRID", (0, 0), (-1, -1), width, colors.Color(gray, gray, gray))
    truth = copy.deepcopy(truth)
    for table in truth["tables"]:
        render_opts = table.setdefault("render", {})
        if variant.item_width is not None:
            weights = render_opts.get("col_widths") or [make_samples.FIELD_WEIGHTS[c["field"]]
                                                        for c in table["columns"]]
            items = [i for i, c in enumerate(table["columns"]) if c["field"] == "item"]
            rest = sum(w for i, w in enumerate(weights) if i not in items)
            render_opts["col_widths"] = [variant.item_width if i in items else w * (1 - variant.item_width) / rest
                                         for i, w in enumerate(weights)]
    rl_config.invariant = 1
    truth["id"] = variant.name
    return make_samples.render(truth, workdir, make_samples.make_styles())


def make(variant: CorpusVariant, out_dir: Path) -> Path:
    truth = json.loads((HERE / "truth" / f"{variant.source}.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        workdir = Path(tmp)
        pdf = render(variant, truth, workdir)
        facts = make_scans.page_facts(pdf)
        pages = make_scans.scan_pages(pdf, variant.scan, facts, workdir)
        kept = [(page, fact) for page, fact in zip(pages, facts) if fact.has_table]
        images = [page.rotate(variant.turned, expand=True) if variant.turned else page for page, _ in kept]
        kept_facts = [fact if variant.turned in (0, 180) else
                      make_scans.PageFacts(fact.height, fact.width, fact.signatures, fact.has_table)
                      for _, fact in kept]
        target = out_dir / f"{variant.name}.pdf"
        make_scans.write_image_pdf(images, kept_facts, variant.scan.jpeg_quality, target)
    log.info("%s: %d page(s), %.0f KB", target.name, len(images), target.stat().st_size / 1024)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these variants (default: all)")
    parser.add_argument("--out", type=Path, default=HERE / "corpus")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.mkdir(parents=True, exist_ok=True)
    for variant in VARIANTS:
        if not args.names or variant.name in args.names:
            make(variant, args.out)
    return 0


if __name__ == "__main__":
    Image.MAX_IMAGE_PIXELS = None
    sys.exit(main())
