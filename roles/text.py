"""Vietnamese text helpers."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case text with diacritics removed, so "nguyen van an" finds "Nguyễn Văn An"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())
