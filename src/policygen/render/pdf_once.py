"""Write a WeasyPrint PDF with each object serialized once.

policygen gives every PDF a file identifier (``/ID``) so that the same answers give the same
bytes. pydyf, which writes WeasyPrint's PDFs, builds the second half of that identifier by
serializing every object a second time after writing it, which compresses each font and page
stream again at zlib's slowest level: 4% of the instructions of a whole PDF build. No object
changes while the file is written, so the bytes of the first pass are kept and reused for the
hash; the file is byte for byte what it was.

This module does not import pydyf: it works on the classes of the objects it is given.
"""

from __future__ import annotations

from typing import Any

_KEPT = "_policygen_serialized"  # the object's bytes, in its own __dict__
_made: dict[type, type] = {}  # pydyf's class → the same class that keeps its bytes


def serialize_once(_document: object, pdf: Any) -> None:
    """Make the objects of ``pdf`` keep their bytes once made: a WeasyPrint ``finisher``.

    Those it adds while writing (the document information, the object stream, the
    cross-reference stream) keep theirs too.
    """
    for obj in [*pdf.objects, pdf.info]:
        obj.__class__ = _once(type(obj))
    pdf.__class__ = _adding_once(type(pdf))


def _once(cls: type) -> type:
    """``cls`` whose ``data`` (the serialized bytes) is computed on first use and kept."""
    if cls in _made.values():
        return cls
    if cls not in _made:
        made = getattr(cls, "data")  # noqa: B009 - the property of pydyf's class

        def data(self: Any) -> bytes:
            kept: dict[str, Any] = self.__dict__
            if _KEPT not in kept:
                kept[_KEPT] = made.__get__(self, cls)
            value: bytes = kept[_KEPT]
            return value

        _made[cls] = type(cls.__name__, (cls,), {"data": property(data)})
    return _made[cls]


def _adding_once(cls: type) -> type:
    """The PDF class whose ``add_object`` makes each object it adds keep its bytes."""
    if cls in _made.values():
        return cls
    if cls not in _made:
        add = getattr(cls, "add_object")  # noqa: B009 - pydyf's method

        def add_object(self: Any, obj: Any) -> None:
            obj.__class__ = _once(type(obj))
            add(self, obj)

        _made[cls] = type(cls.__name__, (cls,), {"add_object": add_object})
    return _made[cls]
