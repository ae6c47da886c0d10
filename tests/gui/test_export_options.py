"""The export dialog's print options — destination presets, tiling, N-up, PNG width — write the
same files as the command line (checked with pdfinfo), remember the last choices and speak
French and English. No modal dialog: errors go to the scripted prompter."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import pancarte
from helpers import MM, french_catalog, pdfinfo, pdfinfo_boxes
from pancarte.gui.dialogs.export import ExportDialog
from pancarte.gui.session import DocumentSession
from pancarte.i18n import set_language
from pancarte.layout.engine import LayoutEngine
from pancarte.model.edit import compose

pytestmark = pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs poppler's pdfinfo")

A4 = (210 * MM, 297 * MM)
TOL = 0.5  # pt


@pytest.fixture(scope="module")
def engine() -> LayoutEngine:
    return LayoutEngine()


@pytest.fixture
def make_dialog(qtbot, engine, context):
    """``make_dialog(template)``: the export dialog on that template's sample document, with
    the test context's settings and scripted prompter."""

    def make(template: str = "poster-a3") -> ExportDialog:
        session = DocumentSession(compose(template, sample=True), engine)
        dialog = ExportDialog(session, context.prompter, settings=context.settings)
        qtbot.addWidget(dialog)
        return dialog

    return make


def choose(dialog: ExportDialog, destination: str) -> None:
    dialog.destination.setCurrentIndex(dialog.destination.findData(destination))


def size(box: tuple[float, ...]) -> tuple[float, float]:
    return (box[2] - box[0], box[3] - box[1])


def bigger(outer: tuple[float, ...], inner: tuple[float, ...]) -> bool:
    return (outer[0] < inner[0] and outer[1] < inner[1] and outer[2] > inner[2]
            and outer[3] > inner[3])


def is_a4(box: tuple[float, ...]) -> bool:
    w, h = size(box)
    return any(abs(w - a) <= TOL and abs(h - b) <= TOL for a, b in (A4, A4[::-1]))


# ---- destinations ----------------------------------------------------------------------------


@pytest.mark.parametrize("destination", ["imprimeur", "en-ligne", "maison", ""])
def test_each_destination_writes_its_pdf(destination, make_dialog, prompter, tmp_path):
    dialog = make_dialog()
    choose(dialog, destination)
    custom = destination == ""
    # a preset shows what it sets, and only custom lets the user change it
    assert dialog.bleed.isEnabled() is custom and dialog.marks.isEnabled() is custom
    if destination == "maison":
        assert dialog.bleed.value() == 0 and not dialog.marks.isChecked()
    elif not custom:
        assert dialog.bleed.value() == dialog.session.document.bleed > 0
        assert dialog.marks.isChecked() is (destination == "imprimeur")
    out = tmp_path / "affiche.pdf"
    dialog.path.setText(str(out))
    assert dialog.export(), prompter.errors()
    assert dialog.written == [out]
    info = pdfinfo(out)
    boxes = pdfinfo_boxes(out)[0]
    media, bleed, trim = boxes["MediaBox"], boxes["BleedBox"], boxes["TrimBox"]
    cmyk = destination in ("imprimeur", "en-ligne")
    # custom is the command line without --preset: a print shop's PDF/X-4 with the bleed and
    # marks shown
    assert (info.get("PDF subtype") == "PDF/X-4") is (destination != "maison")
    if destination == "imprimeur" or custom:  # bleed and crop marks
        assert bigger(media, bleed) and bigger(bleed, trim)
    elif destination == "en-ligne":  # bleed, no marks
        assert media == bleed and bigger(bleed, trim)
    else:  # maison: the trim alone
        assert media == trim == bleed
    # an export to a CMYK preset is checked for RGB colours: the findings list says so
    codes = {f.code for f in dialog.checks()}
    assert ("rgb-in-cmyk" in codes) is cmyk
    listed = [dialog.findings.item(i).text() for i in range(dialog.findings.count())]
    assert any("CMJN" in text for text in listed) is cmyk


def test_custom_values_come_back_after_a_preset(make_dialog):
    dialog = make_dialog()
    choose(dialog, "")
    dialog.bleed.setValue(7)
    dialog.marks.setChecked(False)
    choose(dialog, "maison")
    assert dialog.bleed.value() == 0 and not dialog.bleed.isEnabled()
    dialog.png.setChecked(True)
    dialog.pdf.setChecked(True)
    choose(dialog, "")
    assert dialog.bleed.value() == 7 and not dialog.marks.isChecked()
    assert dialog.bleed.isEnabled()


# ---- tiling and N-up -------------------------------------------------------------------------


def test_mosaic_of_an_a2_poster_on_a4_sheets(make_dialog, prompter, tmp_path):
    dialog = make_dialog("poster-a2")
    dialog.tile.setChecked(True)
    dialog.tile_sheet.setCurrentIndex(dialog.tile_sheet.findData("A4"))
    assert dialog.overlap.value() == 10
    # tiling and copies per sheet exclude each other, as on the command line
    assert dialog.tile_sheet.isEnabled() and dialog.overlap.isEnabled()
    assert not dialog.nup_count.isEnabled() and not dialog.nup_sheet.isEnabled()
    assert "A4" in dialog.sheets_hint.text()
    steps: list[tuple[int, int]] = []
    original = dialog._progress

    def record(done: int, total: int) -> None:
        steps.append((done, total))
        original(done, total)

    dialog._progress = record  # type: ignore[method-assign]
    out = tmp_path / "mosaique.pdf"
    dialog.path.setText(str(out))
    assert dialog.export(), prompter.errors()
    pages = int(pdfinfo(out)["Pages"])
    assert pages > 1
    assert all(is_a4(p["MediaBox"]) for p in pdfinfo_boxes(out))
    # the bar followed the sheets one by one
    totals = {t for _d, t in steps if t > 1}
    assert totals == {pages}
    assert (pages, pages) in steps


def test_four_flyers_on_an_a4_sheet(make_dialog, prompter, tmp_path):
    dialog = make_dialog("flyer-a6")
    dialog.nup.setChecked(True)
    dialog.nup_count.setCurrentIndex(dialog.nup_count.findData(4))
    dialog.nup_sheet.setCurrentIndex(dialog.nup_sheet.findData("A4"))
    assert not dialog.tile.isChecked()
    assert not dialog.tile_sheet.isEnabled() and not dialog.overlap.isEnabled()
    out = tmp_path / "flyers.pdf"
    dialog.path.setText(str(out))
    assert dialog.export(), prompter.errors()
    assert pdfinfo(out)["Pages"] == "1"
    assert is_a4(pdfinfo_boxes(out)[0]["MediaBox"])


def test_home_printer_copies_say_their_scale(make_dialog, prompter, tmp_path):
    from pancarte.export import percent
    from pancarte.render.imposition import plan_nup

    dialog = make_dialog("flyer-a6")
    choose(dialog, "imprimeur")
    dialog.nup.setChecked(True)
    dialog.nup_count.setCurrentIndex(dialog.nup_count.findData(4))
    assert "taille réelle" in dialog.sheets_hint.text()
    choose(dialog, "maison")
    doc = dialog.session.document
    # the home printer's sheet: copies apart, no crop marks (nor bleed) unless asked
    plan = plan_nup(doc.width * MM, doc.height * MM, 4, "A4", bleed=doc.bleed * MM,
                    unprintable_mm=4.5, marks=False)
    hint = dialog.sheets_hint.text()
    assert f"réduits à {percent(plan.scale)}\u00a0%" in hint and "fond perdu" not in hint
    choose(dialog, "")  # custom, the crop marks ticked: each copy with its bleed and marks
    dialog.marks.setChecked(True)
    plan = plan_nup(doc.width * MM, doc.height * MM, 4, "A4", bleed=doc.bleed * MM,
                    unprintable_mm=4.5)
    hint = dialog.sheets_hint.text()
    assert f"réduits à {percent(plan.scale)}\u00a0%" in hint and "fond perdu" in hint
    out = tmp_path / "flyers.pdf"
    dialog.path.setText(str(out))
    assert dialog.export(), prompter.errors()
    assert is_a4(pdfinfo_boxes(out)[0]["MediaBox"])


def test_copies_that_do_not_fit_are_refused_in_french(make_dialog, prompter, tmp_path):
    dialog = make_dialog("poster-a2")
    dialog.nup.setChecked(True)
    assert "ne tiennent pas" in dialog.sheets_hint.text()
    out = tmp_path / "x.pdf"
    dialog.path.setText(str(out))
    # Exporter is disabled, with the reason as its tooltip; no error box afterwards
    assert not dialog.export_button.isEnabled()
    assert "ne tiennent pas sur une feuille A4" in dialog.export_button.toolTip()
    assert not dialog.export()
    assert prompter.errors() == []
    assert not out.exists()
    dialog.one_page.setChecked(True)
    assert dialog.export_button.isEnabled()


# ---- PNG -------------------------------------------------------------------------------------


def test_png_by_width(make_dialog, prompter, tmp_path):
    dialog = make_dialog("flyer-a6")
    dialog.png.setChecked(True)
    assert not dialog.width_px.isEnabled()
    dialog.by_width.setChecked(True)
    assert dialog.width_px.isEnabled() and not dialog.dpi.isEnabled()
    dialog.width_px.setValue(500)
    assert dialog.png_hint.text().startswith("500 × ")
    dialog.path.setText(str(tmp_path / "flyer.png"))
    assert dialog.export(), prompter.errors()
    assert dialog.written
    for path in dialog.written:
        assert QImage(str(path)).width() == 500


# ---- remembered choices ----------------------------------------------------------------------


def test_the_last_choices_are_remembered(make_dialog, prompter, context, tmp_path):
    dialog = make_dialog("poster-a2")
    choose(dialog, "en-ligne")
    dialog.tile.setChecked(True)
    dialog.tile_sheet.setCurrentIndex(dialog.tile_sheet.findData("A3"))
    dialog.overlap.setValue(15)
    dialog.by_width.setChecked(True)
    dialog.width_px.setValue(1200)
    dialog.path.setText(str(tmp_path / "a.pdf"))
    assert dialog.export(), prompter.errors()

    again = make_dialog("poster-a2")
    assert again.kind() == "pdf" and again.preset() == "en-ligne"
    assert not again.bleed.isEnabled() and not again.marks.isChecked()
    assert again.tile.isChecked() and again.tile_sheet.currentData() == "A3"
    assert again.overlap.value() == 15
    assert again.by_width.isChecked() and again.width_px.value() == 1200

    # a cancelled dialog changes nothing; a PNG export remembers PNG
    again.png.setChecked(True)
    again.reject()
    assert make_dialog().kind() == "pdf"
    again = make_dialog()
    again.png.setChecked(True)
    again.path.setText(str(tmp_path / "b.png"))
    assert again.export(), prompter.errors()
    last = make_dialog()
    assert last.kind() == "png" and last.path.text().endswith(".png")
    assert context.settings.q.value("export/destination") == "en-ligne"


def test_the_main_window_hands_its_settings_over(window, prompter, context, tmp_path):
    out = tmp_path / "maison.pdf"

    def export_home(dialog: ExportDialog) -> int:
        assert dialog.settings is context.settings
        choose(dialog, "maison")
        dialog.path.setText(str(out))
        assert dialog.export()
        return 1

    prompter.on_dialog = export_home
    window.export()
    assert out.exists() and prompter.errors() == []
    prompter.on_dialog = lambda d: 0
    window.export()
    assert prompter.dialogs[-1].preset() == "maison"


# ---- languages -------------------------------------------------------------------------------


def _labels(dialog: ExportDialog) -> list[str]:
    return ([dialog.destination.itemText(i) for i in range(dialog.destination.count())]
            + [dialog.tile.text(), dialog.nup.text(), dialog.by_width.text()])


def test_labels_in_french(make_dialog):
    labels = _labels(make_dialog())
    assert "Imprimeur (CMJN, PDF/X-4, traits de coupe)" in labels
    assert "Imprimeur en ligne (CMJN, PDF/X-4, sans traits)" in labels
    assert ("Imprimante de la maison (RVB, sans fond perdu, rien dans les 4,5\u00a0mm "
            "qu’elle n’imprime pas)") in labels
    assert "Sur plusieurs feuilles (mosaïque)" in labels
    assert "Plusieurs exemplaires par feuille" in labels


def test_labels_in_english(make_dialog):
    set_language("en")
    labels = _labels(make_dialog())
    assert "Print shop (CMYK, PDF/X-4, crop marks)" in labels
    assert "On several sheets (tiling)" in labels
    assert "Width in pixels" in labels


def test_every_string_of_the_dialog_has_its_french():
    source = Path(pancarte.__file__).resolve().parent
    tree = ast.parse((source / "gui" / "dialogs" / "export.py").read_text("utf-8"))
    ids = {node.args[0].value for node in ast.walk(tree)
           if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
           and node.func.id == "_" and isinstance(node.args[0], ast.Constant)}
    catalog = french_catalog()
    assert len(ids) > 30
    assert sorted(ids - catalog.keys()) == []


def test_a_booklet_from_the_dialog(make_dialog, prompter, tmp_path):
    from pancarte.export import percent
    from pancarte.render.imposition import plan_booklet

    dialog = make_dialog("flyer-a5")
    dialog.booklet.setChecked(True)
    assert dialog.sheets() == "booklet"
    plan = plan_booklet(148 * MM, 210 * MM, 1, "A4", unprintable_mm=4.5)
    hint = dialog.sheets_hint.text()
    assert "1 feuille A4 imprimée en recto verso" in hint
    assert f"pages à {percent(plan.scale)}\u00a0%" in hint and "3 pages blanches" in hint
    out = tmp_path / "livret.pdf"
    dialog.path.setText(str(out))
    assert dialog.export(), prompter.errors()
    boxes = pdfinfo_boxes(out)
    assert len(boxes) == 2  # the front and the back of one sheet, A4 landscape
    assert all(size(b["MediaBox"]) == pytest.approx((297 * MM, 210 * MM), abs=TOL)
               for b in boxes)


def test_a_booklet_of_a_poster_is_refused_before_export(make_dialog, prompter, tmp_path):
    dialog = make_dialog("poster-a3")
    dialog.booklet.setChecked(True)
    assert dialog.sheets_hint.text().startswith("⚠") and "A5" in dialog.sheets_hint.text()
    out = tmp_path / "x.pdf"
    dialog.path.setText(str(out))
    # as for copies that do not fit: Exporter is disabled with the reason as its tooltip
    assert not dialog.export_button.isEnabled() and "A5" in dialog.export_button.toolTip()
    assert not dialog.export()
    assert prompter.errors() == [] and not out.exists()
