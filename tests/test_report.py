"""The review page (OUT/report.html), on a real batch, in a real browser.

One batch for the whole module: a text-layer plan whose total fails
(dak-nong-qd2070-2019.pdf: 1.080 stated, 1.048 in the rows), a scan
(synthetic-huyen-2023.scan150.pdf, read by Tesseract, with repaired and
low-confidence cells), a real document (lamdong_tt666, one tall text page) and
a text dump whose file name and cell hold HTML. The page is opened in Debian's
Chromium through chromedriver; crops are compared with pdftoppm's rendering of
the same page region, so a crop cut from the wrong place fails.
"""
from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import REPO, SAMPLES

REALDOCS = REPO.parent / "shared" / "realdocs"
KEHOACH = [sys.executable, "-m", "pipeline.cli"]
TEXT_PLAN = SAMPLES / "dak-nong-qd2070-2019.pdf"
SCAN = SAMPLES / "scans" / "synthetic-huyen-2023.scan150.pdf"
REAL = REALDOCS / "lamdong_tt666_gopy_kh_cchc_2026.pdf"
HOSTILE_NAME = "<img src=x onerror=alert(1)>.txt"
BROKEN = "hỏng.pdf"
HOSTILE_TASK = "<script>document.title='pwned'</script>Họp"
CROP_DPI = 120  # CropSettings.dpi
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--window-size=1400,1000"]


def kehoach(*args):
    return subprocess.run([*KEHOACH, *map(str, args)], cwd=REPO, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    inbox = tmp_path_factory.mktemp("inbox")
    for path in (TEXT_PLAN, SCAN, REAL):
        shutil.copy(path, inbox / path.name)
    (inbox / HOSTILE_NAME).write_text(
        f"TT\tNhiệm vụ\tĐơn vị chủ trì\tKinh phí (triệu đồng)\n1\t{HOSTILE_TASK}\tVăn phòng\t10\n"
        "Tổng cộng\t\t\t10\n", encoding="utf-8")
    (inbox / BROKEN).write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    out = tmp_path_factory.mktemp("out")
    done = kehoach("extract", inbox, "-o", out, "-j", "2")
    assert done.returncode == 1, done.stderr  # the broken file
    return out


def load(out: Path, stem: str) -> dict:
    return json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))


def test_batch_writes_a_self_contained_page(batch):
    page = (batch / "report.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; img-src data:;' in page
    # Nothing to fetch: no URL other than data: and in-page anchors.
    urls = re.findall(r'<[a-z]+[^<>]*\s(?:src|href)="([^"]*)"', page)
    assert urls and all(u.startswith(("data:", "#")) for u in urls), [u for u in urls if not u.startswith("data:")]
    assert HOSTILE_TASK not in page and "<img src=x" not in page
    # The repair took the markup out of the cell, and the fix shows what it took, as text.
    assert "OCR read «&lt;script&gt;»" in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    assert page.count("<script>") == 1  # the page's own
    failed = page[page.index('<section id="failed-files">'):]
    failed = failed[:failed.index("</section>")]
    assert "Files that failed (1)" in failed and BROKEN in failed and "<td>corrupt</td>" in failed
    ids = re.findall(r'\sid="([^"]*)"', page)
    assert len(ids) == len(set(ids))


def test_review_rebuilds_the_same_page(batch, tmp_path):
    copy = tmp_path / "out"
    shutil.copytree(batch, copy)
    (copy / "report.html").unlink()
    done = kehoach("review", copy)
    assert done.returncode == 0, done.stderr
    assert (copy / "report.html").read_bytes() == (batch / "report.html").read_bytes().replace(
        str(batch).encode(), str(copy).encode())


def test_no_report_then_review(tmp_path):
    dump = tmp_path / "plan.txt"
    dump.write_text("TT\tNhiệm vụ\tKinh phí (triệu đồng)\n1\tHọp\t10\nTổng cộng\t\t12\n", encoding="utf-8")
    out = tmp_path / "out"
    assert kehoach("extract", dump, "-o", out, "--no-report").returncode == 0
    assert not (out / "report.html").exists() and (out / "inputs.jsonl").exists()
    assert kehoach("review", out).returncode == 0
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Budget totals that do not add up (1)" in page
    assert kehoach("review", tmp_path / "nothing-here").returncode == 2


# -- in the browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for program in ("/usr/bin/chromium", "/usr/bin/chromedriver"):
        assert Path(program).exists(), f"{program} is missing: make setup installs chromium chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, batch):
    browser.set_window_size(1400, 1000)
    browser.get((batch / "report.html").as_uri())
    browser.get_log("performance")  # start the request log at this load
    browser.refresh()
    return browser


def pdftoppm_region(pdf: Path, page: int, box: list[float]) -> Image.Image:
    """The page region (PDF points) rendered by poppler, independently of kehoach."""
    scale = CROP_DPI / 72
    x, y = round(box[0] * scale), round(box[1] * scale)
    w, h = round((box[2] - box[0]) * scale), round((box[3] - box[1]) * scale)
    png = subprocess.run(["pdftoppm", "-r", str(CROP_DPI), "-f", str(page), "-l", str(page), "-x", str(x),
                          "-y", str(y), "-W", str(w), "-H", str(h), "-png", str(pdf)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def likeness(a: Image.Image, b: Image.Image) -> float:
    """Correlation of two gray images (1: the same picture), after a light blur that
    evens out how two renderers draw the same glyphs."""
    from PIL import ImageFilter

    b = b.resize(a.size)
    x, y = (np.asarray(i.filter(ImageFilter.GaussianBlur(1.5)), dtype=float).ravel() for i in (a, b))
    return float(np.corrcoef(x, y)[0, 1])


def data_image(uri: str) -> Image.Image:
    assert uri.startswith("data:image/webp;base64,")
    return Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))).convert("L")


def assert_crop_shows(pdf: Path, page_number: int, box: list[float], crop: Image.Image) -> None:
    """The crop is that page region, and not the same-sized region a little lower."""
    right = likeness(crop, pdftoppm_region(pdf, page_number, box))
    shift = max(12.0, (box[3] - box[1]) / 3)
    wrong = likeness(crop, pdftoppm_region(pdf, page_number, [box[0], box[1] + shift, box[2], box[3] + shift]))
    assert right > 0.9 and wrong < right - 0.2, (right, wrong)


def test_click_a_flagged_scan_cell_shows_its_crop(page, batch):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    data = load(batch, SCAN.stem)
    rows = data["tables"][0]["rows"]
    number, row, name = next((n, r, f) for n, r in enumerate(rows, start=1)
                             for f in r["low_confidence"] + [x["field"] for x in r["fixes"]]
                             if (r.get("cells") or {}).get(f, {}).get("bbox"))
    cell = row["cells"][name]
    files = [e.get_attribute("data-file") for e in page.find_elements(By.CSS_SELECTOR, "article.file")
             if SCAN.name in e.find_element(By.TAG_NAME, "h2").text]
    button = page.find_element(By.CSS_SELECTOR, f"#{files[0]}-t1-r{number} button.mark[data-field='{name}']")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    dialog = page.find_element(By.ID, "crop-dialog")
    WebDriverWait(page, 5).until(lambda d: dialog.get_attribute("open") is not None)
    image = WebDriverWait(page, 5).until(expected_conditions.visibility_of_element_located((By.ID, "crop-image")))
    assert page.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 50
    template = page.find_element(By.ID, button.get_attribute("data-crop"))
    assert int(template.get_attribute("data-page")) == cell["page"]
    region = [float(v) for v in template.get_attribute("data-box").split(",")]
    # The region holds the cell, and the outline sits on the cell.
    assert region[0] <= cell["bbox"][0] and region[1] <= cell["bbox"][1]
    assert region[2] >= cell["bbox"][2] - 1 and region[3] >= min(cell["bbox"][3], region[1] + 400) - 1
    shown = page.find_element(By.ID, "crop-outline").rect
    frame = image.rect
    scale = frame["width"] / (region[2] - region[0])
    assert abs(shown["x"] - (frame["x"] + (cell["bbox"][0] - region[0]) * scale)) < 4
    assert abs(shown["y"] - (frame["y"] + (cell["bbox"][1] - region[1]) * scale)) < 4
    assert_crop_shows(SCAN, cell["page"], region, data_image(image.get_attribute("src")))
    assert str(cell["page"]) in page.find_element(By.ID, "crop-caption").text
    screenshot = os.environ.get("KEHOACH_REVIEW_SCREENSHOT")
    if screenshot:
        page.save_screenshot(screenshot)
    page.find_element(By.ID, "crop-close").click()
    assert dialog.get_attribute("open") is None


def test_failing_total_shows_its_line(page, batch):
    from selenium.webdriver.common.by import By

    total = next(t for t in load(batch, TEXT_PLAN.stem)["tables"] if t["total"]["stated_million_vnd"] == 1080)["total"]
    case = next(a for a in page.find_elements(By.CSS_SELECTOR, "#budget article.budget-case")
                if TEXT_PLAN.name in a.text)
    assert "1.080 million VND" in case.text and "1.048 million VND" in case.text and "32 million VND" in case.text
    assert "missing page" in case.text  # the likely cause, from the check
    image = case.find_element(By.CSS_SELECTOR, "figure img")
    assert page.execute_script("return arguments[0].naturalWidth", image) > 50
    page_number, bbox = total["cell"]["page"], total["cell"]["bbox"]
    frame = case.find_element(By.CSS_SELECTOR, "figure .crop-frame")
    region = [float(v) for v in frame.get_attribute("data-box").split(",")]
    assert int(frame.get_attribute("data-page")) == page_number
    assert region[0] <= bbox[0] and region[1] <= bbox[1] and region[2] >= bbox[2] and region[3] >= bbox[3]
    assert page.find_element(By.CSS_SELECTOR, "#budget .crop-outline").is_displayed()
    assert_crop_shows(TEXT_PLAN, page_number, region, data_image(image.get_attribute("src")))


def test_no_console_errors_and_no_network(page, batch):
    from selenium.webdriver.common.by import By

    for button in page.find_elements(By.CSS_SELECTOR, "button.mark[data-crop]")[:3]:
        page.execute_script("arguments[0].click(); document.getElementById('crop-dialog').close()", button)
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    requests = [json.loads(e["message"])["message"] for e in page.get_log("performance")]
    urls = [m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"]
    assert urls and all(u.startswith(("data:", "file://")) for u in urls), urls
    assert len([u for u in urls if u.startswith("file://")]) == 1  # the page itself


def test_script_in_a_cell_stays_text(page):
    from selenium.webdriver.common.by import By

    assert page.title == "kehoach: review of the batch"
    tips = [t.get_attribute("textContent") for t in page.find_elements(By.CSS_SELECTOR, "table.rows td .tip")]
    assert any("OCR read «<script>»" in t for t in tips)
    assert page.execute_script("return document.querySelectorAll('td script, h2 img').length") == 0
    assert page.execute_script("return document.scripts.length") == 1
    assert page.execute_script("return Array.from(document.images).every(i => i.src.startsWith('data:'))")
    assert any(h.text == HOSTILE_NAME for h in page.find_elements(By.CSS_SELECTOR, "article.file h2"))


def test_filters_and_keyboard(page, batch):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    articles = page.find_elements(By.CSS_SELECTOR, "article.file")
    assert len(articles) == 5
    Select(page.find_element(By.ID, "filter-check")).select_by_value("budget-total-matches-rows")
    shown = [a.find_element(By.TAG_NAME, "h2").text for a in articles if a.is_displayed()]
    assert TEXT_PLAN.name in shown and REAL.name not in shown
    Select(page.find_element(By.ID, "filter-check")).select_by_value("")
    page.find_element(By.ID, "filter-look").click()
    shown = {a.find_element(By.TAG_NAME, "h2").text for a in articles if a.is_displayed()}
    expected = set()
    for path in (TEXT_PLAN, SCAN, REAL, Path(HOSTILE_NAME)):
        data = load(batch, path.stem)
        checks = data.get("checks", []) + [c for t in data["tables"] for c in t["checks"]]
        rows = [r for t in data["tables"] for r in t["rows"]]
        if any(not c["ok"] for c in checks) or any(r["fixes"] or r["low_confidence"] for r in rows):
            expected.add(path.name)
    assert SCAN.name in shown and shown == expected | {BROKEN}
    rows = [r for r in page.find_elements(By.CSS_SELECTOR, "table.rows tbody tr") if r.is_displayed()]
    assert rows and all(r.get_attribute("data-look") == "1" for r in rows)
    page.find_element(By.ID, "filter-look").click()
    # Keyboard: a marked cell takes the focus, shows its tooltip, and Enter opens its crop.
    button = page.find_element(By.CSS_SELECTOR, "button.mark[data-crop]")
    page.execute_script("arguments[0].focus()", button)
    tip = page.find_element(By.ID, button.get_attribute("aria-describedby"))
    assert tip.is_displayed() and "OCR" in tip.text
    button.send_keys(Keys.ENTER)
    dialog = page.find_element(By.ID, "crop-dialog")
    assert dialog.get_attribute("open") is not None
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert dialog.get_attribute("open") is None


def test_readable_at_200_percent_and_printable(page):
    from selenium.webdriver.common.by import By

    page.set_window_size(700, 900)  # what 1400 px look like at 200 % zoom
    assert page.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not page.find_element(By.CSS_SELECTOR, "nav.filters").is_displayed()
    assert page.find_element(By.CSS_SELECTOR, "button.mark + .tip").is_displayed()  # fixes print inline
    page.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_stated_total_keeps_its_cell(batch):
    import pdfplumber

    total = next(t for t in load(batch, TEXT_PLAN.stem)["tables"] if t["total"]["stated_million_vnd"] == 1080)["total"]
    cell = total["cell"]
    assert cell["origin"] == "text-layer" and cell["confidence"] is None
    with pdfplumber.open(TEXT_PLAN) as pdf:
        printed = pdf.pages[cell["page"] - 1].within_bbox(cell["bbox"]).extract_text()
    assert printed.split() == ["1.080"]  # the figure printed on the "Tổng cộng" line (page 11 of the PDF)
    dump = load(batch, Path(HOSTILE_NAME).stem)["tables"][0]["total"]
    assert dump["stated_million_vnd"] == 10 and dump["cell"]["page"] is None  # a text dump has no page


def test_other_table_is_shown_briefly_and_escaped():
    from pipeline.report.tables import OTHER_TABLE_ROWS, other_table

    table = {"id": "o1", "title": "DANH SÁCH <b>", "pages": [2, 3], "reasons": ["no task column"],
             "header": [["TT", "Họ và tên"], ["", "<i>"]],
             "rows": [[{"text": str(n), "page": 2, "bbox": None, "confidence": None, "origin": "text-layer"},
                       {"text": f"<script>{n}</script>"}] for n in range(OTHER_TABLE_ROWS + 5)]}
    markup = other_table(table)
    assert "<script>" not in markup and "<b>" not in markup and "<i>" not in markup
    assert "&lt;script&gt;0&lt;/script&gt;" in markup and "DANH SÁCH &lt;b&gt;" in markup
    assert markup.count("<tr>") == 2 + OTHER_TABLE_ROWS and "… and 5 more rows" in markup
    assert "no task column" in markup and "pages 2, 3" in markup
    assert other_table({"title": "", "rows": []}).count("<tr>") == 0  # an empty table, no header


def test_numbers_as_printed_in_vietnam():
    from pipeline.report.markup import number

    assert [number(v) for v in (1080, 2537.5, -32, 0.25, 1234567.25, None, "")] == [
        "1.080", "2.537,5", "-32", "0,25", "1.234.567,25", "", ""]


def test_confidence_histogram_bins():
    from pipeline.report.charts import confidence_histogram

    svg = confidence_histogram([0, 9.9, 10, 95, 100, 100])
    assert "<title>2 cells with confidence 0-10</title>" in svg
    assert "<title>1 cells with confidence 10-20</title>" in svg
    assert "<title>3 cells with confidence 90-100</title>" in svg
    assert "<title>0 cells with confidence 50-60</title>" in svg
    assert "No OCR confidences" in confidence_histogram([])


def test_crop_of_an_image_file_frame():
    """A multi-page TIFF: the crop is the frame's region at its stated 200 dpi, down to the crop's 120."""
    from pipeline.report.crops import CropSettings, PageSource

    tiff = SAMPLES / "scans" / "synthetic-huyen-2023.tiff"
    source = PageSource(tiff, CropSettings())
    box = (100.0, 200.0, 400.0, 260.0)  # points; the margins widen it
    crop = source.crop(2, [box])
    source.close()
    assert crop.box == (64.0, 176.0, 436.0, 284.0) and not crop.problem
    with Image.open(tiff) as image:
        image.seek(1)  # frame 2
        scale = 200 / 72
        direct = image.convert("L").crop(tuple(round(v * scale) for v in crop.box))
    assert crop.width == round((436 - 64) * 120 / 72) and crop.height == round((284 - 176) * 120 / 72)
    shown = data_image(crop.uri)
    assert likeness(shown, direct) > 0.9
    with Image.open(tiff) as image:
        image.seek(0)  # the same region of frame 1 is another picture
        other = image.convert("L").crop(tuple(round(v * scale) for v in crop.box))
    assert likeness(shown, other) < 0.7


def test_review_of_a_folder_without_inputs_record(batch, tmp_path):
    """An output folder from before inputs.jsonl: files from summary.csv, no timings, said on the page."""
    copy = tmp_path / "out"
    shutil.copytree(batch, copy)
    (copy / "inputs.jsonl").unlink()
    assert kehoach("review", copy).returncode == 0
    page = (copy / "report.html").read_text(encoding="utf-8")
    assert "inputs.jsonl is missing: no timings" in page
    assert page.count('<article id="f') == 5 and "Budget totals that do not add up" in page
    assert "data:image/webp;base64," in page  # the inputs are found by the paths in summary.csv
