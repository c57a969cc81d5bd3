"""Messages in two languages: the English text, carrying its Korean wording.

Warnings and check findings are read by the command line and by Python users as plain
English text, and by reports in the report's language.  A :class:`Message` *is* its
English text (a ``str``), so printing, comparing and JSON keep working, and it also
carries the Korean sentence that a Korean report shows.
"""

from __future__ import annotations


class Message(str):
    """English text (the string itself) with its Korean wording in ``ko``."""

    ko: str

    def __new__(cls, en: str, ko: str | None = None) -> "Message":
        message = super().__new__(cls, en)
        message.ko = en if ko is None else ko
        return message

    def __reduce__(self):  # pickled with both languages (reports run in a kernel)
        return (Message, (str(self), self.ko))


def in_language(text: str, lang: str) -> str:
    """``text`` in ``lang`` ("ko" or "en"): its Korean wording when it has one."""
    if lang == "ko" and isinstance(text, Message):
        return text.ko
    return str(text)
