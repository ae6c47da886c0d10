"""Templates that grow: the ``flow`` object, continuation pages spliced into the text chain,
and the editor's undoable "add a page" through which the text goes on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from pancarte.errors import TemplateError
from pancarte.layout.engine import LayoutEngine
from pancarte.layout.growth import fit_pages
from pancarte.model.document import Document, Page, TextFrame
from pancarte.model.edit import compose, text_to_paragraphs
from pancarte.model.flowpages import (
    InsertFlowPage,
    add_flow_pages,
    chain_head,
    chain_of,
    flow_page_command,
)
from pancarte.model.templates import flow_spec, load_template, template_ids, template_info

REPORT = (Path(__file__).resolve().parents[1] / "files" / "tracts"
          / "long-tract-layout-rapport.txt").read_text("utf-8")


def _long(template: str, times: int = 1) -> Document:
    doc = compose(template)
    body = next(f for _, f in doc.frames_named("body") if isinstance(f, TextFrame))
    return doc.replace_frame(replace(body, paragraphs=text_to_paragraphs(
        "\n\n".join([REPORT] * times))))


def test_templates_that_grow_and_those_that_do_not():
    assert template_info("tract-a4").max_pages == 8 and template_info("tract-a4").page_step == 2
    assert template_info("booklet-a5").max_pages == 16
    assert template_info("booklet-a5").page_step == 4
    for t in template_ids():
        spec = flow_spec(t)
        info = template_info(t)
        if spec is None:  # older templates keep their pages, unchanged
            assert info.max_pages == 0
            doc = compose(t, sample=True)
            assert fit_pages(doc).document == doc
        else:
            assert info.pages % spec.step == 0 and info.max_pages % spec.step == 0


def test_continuation_pages_join_the_chain_before_the_back_page():
    doc = load_template("tract-a4")
    spec = flow_spec("tract-a4")
    grown = add_flow_pages(doc, spec)
    assert len(grown.pages) == 4
    Document.from_dict(grown.to_dict())  # valid: unique ids, no loop, no shared target
    chain = chain_of(grown, chain_head(grown, "body").id)
    assert [pi for pi, _ in chain] == [0, 0, 1, 1, 2, 2, 3, 3]
    # the back page (event, QR, signature) stays last
    assert grown.pages[-1] == doc.pages[-1]
    assert chain[1][1].next_frame == chain[2][1].id and chain[6][1].id == "body-2"


def test_growth_stops_at_what_the_text_needs():
    engine = LayoutEngine()
    grown = fit_pages(_long("tract-a4"), engine)
    assert grown.complete and grown.added == 2 and len(grown.document.pages) == 4
    assert not engine.layout(grown.document).overflow
    grown = fit_pages(_long("booklet-a5"), engine)
    assert grown.complete and len(grown.document.pages) % 4 == 0


def test_past_the_limit_the_overflow_is_a_finding_with_the_words_left_out():
    engine = LayoutEngine()
    grown = fit_pages(_long("tract-a4", times=5), engine)
    assert not grown.complete and len(grown.document.pages) == 8
    over = [f for f in engine.layout(grown.document).findings if f.code == "text-overflow"]
    assert len(over) == 1 and over[0].params["words"] > 1000


def test_a_scaled_document_grows_with_scaled_pages():
    doc = compose("tract-a4", text="\n\n".join([REPORT] * 1), size=(148, 210))
    grown = fit_pages(doc).document
    assert len(grown.pages) > 2
    new = grown.pages[1]
    assert all(f.x + f.w <= 148 + 1e-6 and f.y + f.h <= 210 + 1e-6 for f in new.frames)


def test_folio_and_suite_au_verso():
    engine = LayoutEngine()
    doc = fit_pages(_long("tract-a4")).document
    layout = engine.layout(doc)
    texts = [" ".join(it.text for it in p.items if getattr(it, "frame", "").startswith(
        ("folio", "continued"))) for p in layout.pages]
    assert [t.split()[0] for t in texts] == ["1/4", "2/4", "3/4", "4/4"]
    assert "suite au verso" in texts[0] and "suite au verso" not in texts[1]
    # a short text does not go on: no "suite au verso"
    short = compose("tract-a4", text="Deux mots.")
    first = engine.layout(short).pages[0]
    assert not any(getattr(it, "frame", "") == "continued-1" for it in first.items)


def test_insert_flow_page_reverts_exactly_and_the_text_goes_on():
    doc = _long("tract-a4")
    engine = LayoutEngine()
    assert engine.layout(doc).overflow
    cmd = flow_page_command(doc, 1)
    assert isinstance(cmd, InsertFlowPage)
    after = cmd.apply(doc)
    Document.from_dict(after.to_dict())
    assert cmd.revert(after) == doc
    layout = engine.layout(after)
    new_ids = [f.id for f in after.pages[1].frames if isinstance(f, TextFrame)
               and f.id in cmd.columns]
    assert new_ids and all(layout.pages[1].frames[i].lines > 0 for i in new_ids)


def test_a_document_without_template_continues_its_linked_frames():
    doc = _long("tract-a4")
    doc = replace(doc, template="")
    cmd = flow_page_command(doc, 2)  # after the back page: copies of its two columns
    assert cmd is not None and len(cmd.columns) == 2
    after = cmd.apply(doc)
    Document.from_dict(after.to_dict())
    assert cmd.revert(after) == doc
    chain = chain_of(after, chain_head(after, "body").id)
    assert [f.id for pi, f in chain if pi == 2] == list(cmd.columns)


def test_no_flowing_text_no_flow_page():
    doc = compose("poster-a3", sample=True)
    assert flow_page_command(doc, 1) is None
    plain = Document(width=100, height=100, pages=(Page(),))
    assert flow_page_command(plain, 1) is None


@pytest.mark.parametrize("flow,reason", [
    ({"page": {"frames": []}, "columns": ["x"]}, "columns"),
    ({"page": {"frames": []}, "columns": ["c-{n}"]}, "columns"),
    ({"columns": ["c-{n}"]}, "page"),
    ({"page": {"frames": [{"id": "c-{n}", "kind": "text", "x": 0, "y": 0, "w": 10, "h": 10},
                          {"id": "deco", "kind": "shape", "x": 0, "y": 0, "w": 1, "h": 1}]},
      "columns": ["c-{n}"]}, "needs"),
    ({"page": {"frames": [{"id": "c-{n}", "kind": "text", "x": 0, "y": 0, "w": 10, "h": 10}]},
      "columns": ["c-{n}"], "step": 0}, "step"),
])
def test_a_bad_flow_object_is_a_template_error(tmp_path, monkeypatch, flow, reason):
    import pancarte.model.templates as templates

    data = json.loads((templates.templates_dir() / "tract-a4.json").read_text("utf-8"))
    data["id"] = "broken-flow"
    data["flow"] = flow
    (tmp_path / "broken-flow.json").write_text(json.dumps(data), "utf-8")
    monkeypatch.setattr(templates, "templates_dir", lambda: tmp_path)
    templates._raw.cache_clear()
    templates.flow_spec.cache_clear()
    try:
        with pytest.raises(TemplateError, match=reason):
            flow_spec("broken-flow")
    finally:
        templates._raw.cache_clear()
        templates.flow_spec.cache_clear()
