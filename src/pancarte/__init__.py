"""Pancarte: offline designer for placards, posters and flyers with print-ready PDF output."""

__version__ = "0.1.0"
