"""Shared test set-up: Qt offscreen, messages in a known language, installed package first."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PANCARTE_REPRODUCIBLE"] = "1"
