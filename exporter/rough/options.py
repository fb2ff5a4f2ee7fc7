"""rough.js options: the defaults of ``RoughGenerator`` and the per-call options object.

Each generator call merges the caller's mapping over the defaults into a fresh
``Options`` (``Object.assign({}, defaults, options)``). Helpers that rough.js
calls with ``Object.assign({}, o, {...})`` use :meth:`Options.copy`, which keeps
the *same* randomizer object, exactly like the JS copy keeps the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .prng import Random, stand_in

__all__ = ["DEFAULTS", "OPTION_NAMES", "Options"]

#: rough.js 4.6.4 ``RoughGenerator.defaultOptions``.
DEFAULTS: dict[str, Any] = {
    "maxRandomnessOffset": 2,
    "roughness": 1,
    "bowing": 1,
    "stroke": "#000",
    "strokeWidth": 1,
    "curveTightness": 0,
    "curveFitting": 0.95,
    "curveStepCount": 9,
    "fillStyle": "hachure",
    "fillWeight": -1,
    "hachureAngle": -41,
    "hachureGap": -1,
    "dashOffset": -1,
    "dashGap": -1,
    "zigzagOffset": -1,
    "seed": 0,
    "disableMultiStroke": False,
    "disableMultiStrokeFill": False,
    "preserveVertices": False,
    "fillShapeRoughnessGain": 0.8,
}

#: rough.js option name -> attribute of :class:`Options`.
OPTION_NAMES: dict[str, str] = {
    "maxRandomnessOffset": "max_randomness_offset",
    "roughness": "roughness",
    "bowing": "bowing",
    "stroke": "stroke",
    "strokeWidth": "stroke_width",
    "curveTightness": "curve_tightness",
    "curveFitting": "curve_fitting",
    "curveStepCount": "curve_step_count",
    "fillStyle": "fill_style",
    "fillWeight": "fill_weight",
    "hachureAngle": "hachure_angle",
    "hachureGap": "hachure_gap",
    "dashOffset": "dash_offset",
    "dashGap": "dash_gap",
    "zigzagOffset": "zigzag_offset",
    "seed": "seed",
    "disableMultiStroke": "disable_multi_stroke",
    "disableMultiStrokeFill": "disable_multi_stroke_fill",
    "preserveVertices": "preserve_vertices",
    "fillShapeRoughnessGain": "fill_shape_roughness_gain",
    "fill": "fill",
    "strokeLineDash": "stroke_line_dash",
    "strokeLineDashOffset": "stroke_line_dash_offset",
    "fillLineDash": "fill_line_dash",
    "fillLineDashOffset": "fill_line_dash_offset",
    "simplification": "simplification",
    "fixedDecimalPlaceDigits": "fixed_decimal_place_digits",
}

#: Attribute values of a fresh options object: the defaults, undefined options as None.
_INITIAL: dict[str, Any] = {attr: None for attr in OPTION_NAMES.values()}
_INITIAL.update({OPTION_NAMES[name]: value for name, value in DEFAULTS.items()})


class Options:
    """The options object of one generator call (attribute names in snake_case).

    Options that rough.js leaves undefined (``fill``, ``strokeLineDash``...) are ``None``;
    names rough.js does not know are kept in ``extra``.
    """

    randomizer: Random | None
    extra: dict[str, Any]
    # One attribute per OPTION_NAMES value; set from _INITIAL in __init__.
    max_randomness_offset: float
    roughness: float
    bowing: float
    stroke: str
    stroke_width: float
    curve_tightness: float
    curve_fitting: float
    curve_step_count: float
    fill_style: str
    fill_weight: float
    hachure_angle: float
    hachure_gap: float
    dash_offset: float
    dash_gap: float
    zigzag_offset: float
    seed: float
    disable_multi_stroke: bool
    disable_multi_stroke_fill: bool
    preserve_vertices: bool
    fill_shape_roughness_gain: float
    fill: str | None
    stroke_line_dash: list[float] | None
    stroke_line_dash_offset: float | None
    fill_line_dash: list[float] | None
    fill_line_dash_offset: float | None
    simplification: float | None
    fixed_decimal_place_digits: int | None

    def __init__(self, options: Mapping[str, Any] | None = None) -> None:
        values = self.__dict__
        values.update(_INITIAL)
        values["randomizer"] = None
        extra: dict[str, Any] = {}
        values["extra"] = extra
        if options:
            names = OPTION_NAMES
            for name, value in options.items():
                attr = names.get(name)
                if attr is not None:
                    values[attr] = value
                elif name == "randomizer":
                    values["randomizer"] = value
                else:
                    extra[name] = value

    def copy(self, **changes: Any) -> Options:
        """``Object.assign({}, this, changes)``: same randomizer reference."""
        clone = Options.__new__(Options)
        values = clone.__dict__
        values.update(self.__dict__)
        values.update(changes)
        return clone

    def math_random(self) -> float:
        """rough.js's bare ``Math.random()`` in this shape: a stand-in stream (prng.stand_in)
        kept with the options, so the shape's strokes do not depend on other shapes."""
        values = self.__dict__
        stream = values.get("_stand_in")
        if stream is None:
            stream = values["_stand_in"] = stand_in()
        return stream.random()

    def rng(self) -> Random:
        """rough.js ``random(ops)``: the randomizer, created lazily from ``seed || 0``."""
        r = self.randomizer
        if r is None:
            r = self.randomizer = Random(self.seed or 0)
        return r

    def __getitem__(self, name: str) -> Any:
        """Read an option by its rough.js name (``o["strokeWidth"]``)."""
        attr = OPTION_NAMES.get(name)
        if attr is not None:
            return getattr(self, attr)
        return self.extra[name]

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def to_dict(self) -> dict[str, Any]:
        """The options under rough.js names (undefined ones left out)."""
        out = {name: self.__dict__[attr] for name, attr in OPTION_NAMES.items()}
        out = {k: v for k, v in out.items() if v is not None}
        out.update(self.extra)
        return out
