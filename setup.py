"""Build hook: ship the top-level ``assets/`` folder inside the wheel as ``pancarte/assets``.

The project keeps fonts and templates at the repository's top level (where designers look for
them); installed copies find them through :func:`pancarte.assets.assets_dir`.
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


setup(cmdclass={"build_py": BuildWithAssets})
