"""Build hook: ship the top-level ``assets/`` folder inside the wheel as ``pancarte/assets``,
and the translations of ``po/<lang>.po`` compiled to ``pancarte/locale/<lang>/LC_MESSAGES/
pancarte.mo``.

The project keeps fonts and templates at the repository's top level (where designers look for
them); installed copies find them through :func:`pancarte.assets.assets_dir`. See
docs/TRANSLATING.md for the catalogs.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithAssets(build_py):
    def run(self):
        super().run()
        src = HERE / "assets"
        dst = Path(self.build_lib) / "pancarte" / "assets"
        if dst.exists():
            shutil.rmtree(dst)
        shutil.copytree(src, dst, ignore=shutil.ignore_patterns("*.pyc", "__pycache__"))
        self.compile_catalogs(Path(self.build_lib) / "pancarte" / "locale")

    @staticmethod
    def compile_catalogs(locale: Path) -> None:
        """``po/<lang>.po`` → ``<locale>/<lang>/LC_MESSAGES/pancarte.mo`` (Babel, as
        ``pybabel compile``; fuzzy entries are left out)."""
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted((HERE / "po").glob("*.po")):
            with po.open("rb") as fp:
                catalog = read_po(fp, locale=po.stem, domain="pancarte")
            out = locale / po.stem / "LC_MESSAGES" / "pancarte.mo"
            out.parent.mkdir(parents=True, exist_ok=True)
            with out.open("wb") as fp:
                write_mo(fp, catalog)


setup(cmdclass={"build_py": BuildWithAssets})
