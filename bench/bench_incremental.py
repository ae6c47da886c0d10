"""Keystroke → layout in a long flowing tract: incremental against full layout.

    python bench/bench_incremental.py [--edits 60]

A 20-page tract of about 15,000 words (long French paragraphs, a bullet programme, numbered
demands, a quote) flowing through 20 chained text frames, one a page. Each edit types one
character somewhere in the text (a different paragraph each time); measured, in CPU time of
this thread:

* incremental: ``LayoutEngine.layout`` on a warm engine that laid out the previous version
  (the editor's case);
* baseline, in the same run: a full layout of the same document by an engine whose caches
  of laid-out chains and lines are empty, and no line breaks remembered (shaped words and
  prepared paragraphs still warm, so only the line breaking and placing is compared).

Goal: keystroke → relayout (and repaint, see bench_editor.py) ≤ 16 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace

from pancarte.layout import flow
from pancarte.layout.engine import LayoutEngine
from pancarte.model.document import Document, Page, Paragraph, TextFrame, TextStyle

SENTENCES = [
    "Depuis des mois, les locataires de la résidence voient leurs charges grimper sans la "
    "moindre explication du bailleur",
    "l’ascenseur du bâtiment C est resté en panne sept semaines, et personne n’a prévenu les "
    "familles du sixième étage",
    "nous avons écrit, téléphoné, rempli des formulaires en ligne ; les réponses arrivent "
    "rarement et promettent une intervention « dans les meilleurs délais »",
    "la régularisation de janvier a dépassé 400 euros pour certains foyers, soit presque un "
    "mois de loyer",
    "les moisissures gagnent les salles de bains du rez-de-chaussée, malgré nos courriers "
    "recommandés",
    "ensemble, nous sommes plus de trois cents foyers : seuls, nous ne pesons rien face à un "
    "bailleur qui gère des milliers de logements",
    "la permanence se tient chaque mardi de 18 h à 20 h au local de l’amicale, au pied du "
    "bâtiment A",
]


def tract_paragraphs(words: int, seed: int = 7) -> list[Paragraph]:
    rnd = random.Random(seed)
    out: list[Paragraph] = [Paragraph("Charges, moisissures, pannes : ça suffit !", "title")]
    count = 0
    n = 0
    while count < words:
        n += 1
        if n % 9 == 0:
            out.append(Paragraph("Ce que nous demandons au bailleur :", "heading"))
            for k in range(4):
                item = rnd.choice(SENTENCES) + " ;"
                out.append(Paragraph(item, "list_item", marker=f"{k + 1}."))
                count += len(item.split())
            continue
        if n % 13 == 0:
            quote = "« " + rnd.choice(SENTENCES).capitalize() + ". » — Samia, locataire"
            out.append(Paragraph(quote, "quote"))
            count += len(quote.split())
            continue
        text = ". ".join(rnd.choice(SENTENCES) for _ in range(rnd.randint(3, 7)))
        text = text[0].upper() + text[1:] + "."
        out.append(Paragraph(text))
        count += len(text.split())
    return out


def long_tract(pages: int = 20, words: int = 15000) -> Document:
    frames = []
    for i in range(pages):
        frames.append(TextFrame(
            id=f"body-{i}", name="body" if i == 0 else "", x=20, y=20, w=170, h=257,
            size=10, autofit=False, hyphenate=True,
            next_frame=f"body-{i + 1}" if i + 1 < pages else None,
            style=TextStyle(family="Vollkorn", align="justify", line_spacing=1.3,
                            space_after=0.5),
            paragraphs=tuple(tract_paragraphs(words)) if i == 0 else ()))
    return Document(width=210, height=297, pages=tuple(Page(frames=(f,)) for f in frames),
                    colors={"text": "#1a1a1a"})


def type_char(doc: Document, rnd: random.Random) -> Document:
    page = doc.pages[0]
    head = page.frames[0]
    paras = list(head.paragraphs)
    i = rnd.randrange(1, len(paras))
    text = paras[i].text
    at = rnd.randrange(len(text) + 1)
    paras[i] = replace(paras[i], text=text[:at] + rnd.choice("aeiou ") + text[at:])
    new_head = replace(head, paragraphs=tuple(paras))
    return replace(doc, pages=(replace(page, frames=(new_head,)), *doc.pages[1:]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=60)
    args = ap.parse_args()
    doc = long_tract()
    nwords = sum(len(p.text.split()) for p in doc.pages[0].frames[0].paragraphs)
    engine = LayoutEngine()
    layout = engine.layout(doc)
    used = sum(1 for p in layout.pages if any(True for _ in p.items))
    print(f"tract: {nwords} words, {len(doc.pages)} pages ({used} with text)")
    rnd = random.Random(1)
    inc, full = [], []
    clock = time.thread_time
    for _ in range(args.edits):
        doc = type_char(doc, rnd)
        t = clock()
        engine.layout(doc)
        inc.append((clock() - t) * 1000)
        cold = LayoutEngine(engine.fonts)
        cold.preparer = engine.preparer  # words and paragraphs warm: only placing compared
        flow.forget_breaks()  # no line breaks remembered
        t = clock()
        cold.layout(doc)
        full.append((clock() - t) * 1000)
    inc.sort()
    full.sort()
    p95 = int(len(inc) * 0.95)
    print(f"relayout after a keystroke ({args.edits} edits, CPU): incremental median "
          f"{statistics.median(inc):.1f} ms, p95 {inc[p95]:.1f} ms; full layout median "
          f"{statistics.median(full):.1f} ms, p95 {full[p95]:.1f} ms; ratio "
          f"{statistics.median(inc) / statistics.median(full):.2f} — goal ≤ 16 ms")


if __name__ == "__main__":
    main()
