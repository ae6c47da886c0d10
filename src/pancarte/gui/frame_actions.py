"""The main window's frame actions: copy, paste and duplicate frames, insert a text frame, a
QR code, an image or a shape, put library blocks and tracts on the page, and the event a tract
announces."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pancarte.gui.blocks import fill_frame, new_text_frame
from pancarte.i18n import N_, _
from pancarte.model.document import ImageFrame, Paragraph, QRFrame, ShapeFrame, TextFrame

if TYPE_CHECKING:
    from pancarte.gui.canvas import Canvas
    from pancarte.gui.mainwindow import MainWindow
    from pancarte.gui.prompts import Prompter
    from pancarte.gui.session import DocumentSession


class FrameActions:
    """The Edit and Insert actions of one main window, on its session."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    @property
    def session(self) -> DocumentSession:
        return self.window.session

    @property
    def prompter(self) -> Prompter:
        return self.window.prompter

    @property
    def canvas(self) -> Canvas:
        return self.window.canvas

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    def copy_frame(self) -> bool:
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import frames_mime

        frame = self.session.selected_frame()
        if frame is None:
            return False
        QApplication.clipboard().setMimeData(frames_mime(self.session.document, [frame]))
        self._status(_("Frame copied: Ctrl+V pastes it."), 4000)
        return True

    @staticmethod
    def release_clipboard() -> None:
        """Frames copied by this editor leave the clipboard with it (the mime data must not
        outlive the application that made it)."""
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import MIME_FRAMES

        board = QApplication.clipboard()
        data = board.mimeData()
        if data is not None and data.hasFormat(MIME_FRAMES):
            board.clear()

    def paste_frames(self) -> bool:
        """The frames on the clipboard, on the current page (moved a little when they would
        cover their originals); plain text becomes a text frame."""
        from PySide6.QtWidgets import QApplication

        from pancarte.gui.clipboard import mime_frames

        mime = QApplication.clipboard().mimeData()
        frames, images = mime_frames(mime)
        if not frames:
            if mime is not None and mime.hasText() and mime.text().strip():
                from pancarte.model.edit import text_to_paragraphs

                self.insert_paragraphs(text_to_paragraphs(mime.text()[:200_000]))
                return True
            return False
        doc = self.session.document
        page = doc.pages[self.session.page]
        here = {(f.x, f.y) for f in page.frames}
        shift = 5.0 if any((f.x, f.y) in here for f in frames) else 0.0
        return self._add_copies(frames, images, shift, N_("Paste"))

    def duplicate_frame(self) -> bool:
        frame = self.session.selected_frame()
        if frame is None:
            return False
        return self._add_copies([frame], {}, 5.0, N_("Duplicate frame"))

    def _add_copies(self, frames, images: dict[str, bytes], shift: float, label: str) -> bool:
        from pancarte.model.commands import AddFrames, copies

        doc = self.session.document
        new = copies(doc, frames, shift, shift)
        brought = {k: v for k, v in images.items() if k not in doc.images}
        self.session.push(AddFrames(self.session.page, new, brought, label=label))
        self.session.select(new[-1].id)
        return True

    # ---- inserting ---------------------------------------------------------------------

    def _centre(self) -> tuple[float, float]:
        doc = self.session.document
        return doc.width / 2, doc.height / 2

    def _add(self, frame, label: str) -> None:
        from pancarte.model.commands import AddFrame  # the editing commands: at the first edit

        self.session.push(AddFrame(self.session.page, frame), label)
        self.session.select(frame.id)

    def _new_rect(self, w: float, h: float) -> tuple[float, float, float, float]:
        doc = self.session.document
        w, h = min(w, doc.width - 2 * doc.safe_margin), min(h, doc.height - 2 * doc.safe_margin)
        return round((doc.width - w) / 2, 2), round((doc.height - h) / 2, 2), w, h

    def add_text_frame(self) -> None:
        doc = self.session.document
        cmd = new_text_frame(doc, self.session.page, *self._centre(), ())
        self._add(cmd.frame, N_("Add text frame"))
        self.canvas.edit_frame(cmd.frame.id)

    def add_qr_frame(self) -> None:
        from pancarte.model.commands import unique_frame_id

        doc = self.session.document
        x, y, w, h = self._new_rect(50, 50)
        frame = QRFrame(id=unique_frame_id(doc, "qr"), x=x, y=y, w=w, h=h)
        self._add(frame, N_("Add QR code"))
        self.window.focus_qr(frame.id)

    def add_shape_frame(self) -> None:
        from pancarte.model.commands import unique_frame_id

        doc = self.session.document
        x, y, w, h = self._new_rect(doc.width / 2, doc.height / 8)
        fill = "$accent" if "accent" in doc.colors else "#d7191c"
        self._add(ShapeFrame(id=unique_frame_id(doc, "shape"), x=x, y=y, w=w, h=h, fill=fill),
                  N_("Add shape"))

    def add_image_frame(self) -> bool:
        """Ask for a PNG or JPEG file and add it, centred, in a frame of its proportions."""
        from pancarte.gui.panels.properties import image_name

        path = self.prompter.open_file(self.window, _("Choose an image"), str(Path.home()),
                                       _("Images (*.png *.jpg *.jpeg)"))
        if not path:
            return False
        try:
            data = Path(path).read_bytes()
            name = image_name(data, Path(path).name)
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.prompter.error(self.window, _("Cannot use this image"), reason)
            return False
        from pancarte.gui.preflight import image_pixels
        from pancarte.model.commands import AddFrame, unique_frame_id

        pw, ph = image_pixels(data)
        if pw <= 0 or ph <= 0:
            self.prompter.error(self.window, _("Cannot use this image"),
                                _("{name} is damaged or not an image", name=Path(path).name))
            return False
        doc = self.session.document
        w = doc.width / 2
        h = w * ph / pw
        if h > doc.height / 2:
            h = doc.height / 2
            w = h * pw / ph
        x, y, w, h = self._new_rect(round(w, 2), round(h, 2))
        frame = ImageFrame(id=unique_frame_id(doc, "image"), x=x, y=y, w=w, h=h, image=name)
        images = {} if name in doc.images else {name: data}
        self.session.push(AddFrame(self.session.page, frame, images=images), N_("Add image"))
        self.session.select(frame.id)
        return True

    def insert_paragraphs(self, paragraphs: tuple[Paragraph, ...]) -> None:
        """A block double-clicked in the library: typed in at the caret when a frame is
        being edited, else added to the selected frame, else a new frame."""
        editor = self.canvas.editor
        if editor is not None:
            from pancarte.gui.textmap import paragraphs_to_lines

            cursor = editor.edit.textCursor()
            prefix = "\n" if cursor.positionInBlock() > 0 else ""
            cursor.insertText(prefix + "\n".join(paragraphs_to_lines(paragraphs)))
            return
        frame = self.session.selected_frame()
        doc = self.session.document
        if isinstance(frame, (TextFrame, QRFrame)):
            command = fill_frame(doc, frame, paragraphs, append=isinstance(frame, TextFrame))
            if command is not None:
                self.session.push(command)
            return
        command = new_text_frame(doc, self.session.page, *self._centre(), paragraphs)
        self.session.push(command, N_("Insert block"))
        self.session.select(command.frame.id)

    def use_tract(self, tract) -> None:
        """Fill the template's frames from a tract as ``compose --tract`` does (the whole of it
        where it fits legibly, else its key blocks; the library panel says what was left
        out)."""
        from pancarte.fill.tract import compose_tract
        from pancarte.model.commands import Composite, ReplaceFrame

        doc = self.session.document
        filled, plan = compose_tract(doc, tract, engine=self.session.engine, grow=False)
        self.window.library.show_plan(tract, plan)
        commands = []
        for index, (old_page, new_page) in enumerate(zip(doc.pages, filled.pages, strict=True)):
            for old, new in zip(old_page.frames, new_page.frames, strict=True):
                if old != new:
                    commands.append(ReplaceFrame(index, old, new))
        if not commands:
            self._status(
                         _("This template has no frame named title or body to fill."), 6000)
            return
        from pancarte.layout.growth import growth_commands

        # a long text adds the pages it needs (tract-a4, booklet-a5), in the same undo step
        grow = growth_commands(filled, self.session.engine)[0]
        self.session.push(Composite((*commands, *grow), label=N_("Fill from tract")))
        self.offer_tract_event(tract.id, tract)

    def offer_tract_event(self, tract_id: str, tract=None) -> bool:
        """Offer (in the bar above the page) the event written in the tract, unless the
        page already shows it; True when one is offered."""
        if tract is None:
            library = self.window.library.library
            if library is None:
                return False
            from pancarte.library.errors import LibraryError

            try:
                tract = library.get(tract_id)
            except LibraryError:
                return False
        from pancarte.event.detect import tract_events

        found = tract_events(tract)
        if not found:
            return False
        event = found[0].to_event()
        current = self.session.document.event or {}
        if current.get("start") == (event.to_dict() or {}).get("start"):
            return False  # already on the page
        self.window.event_bar.offer(found[0])
        return True

    def add_found_event(self, found) -> bool:
        """Put an event found in a tract on the page (one undo step), the slogan kept."""
        from dataclasses import replace as with_fields

        from pancarte.event.errors import EventError
        from pancarte.gui.panels.event_doc import diff_command, event_document

        doc = self.session.document
        event = found.to_event()
        event = with_fields(event, place=event.place[:1].upper() + event.place[1:])
        try:
            new, notes = event_document(doc, event, replace_title=False)
        except EventError as exc:
            self.prompter.error(self.window, _("Cannot apply the event"), str(exc))
            return False
        command = diff_command(doc, new, label=N_("Add the event"))
        if command is not None:
            self.session.push(command)
        self._status("  ".join([_("The event is on the page."), *notes]), 10000)
        return True
