"""Official boundaries (BKG VG5000) for the server-drawn maps, keyed by AGS.

The geometry is stored ready to draw: SVG path data in hectometres of ETRS89 / UTM
zone 32N (EPSG:25832) with the y axis flipped (y = −northing), simplified for the
screen by the import (geo.simplify). A map is then one query and string joins –
no projection, no shapefile at request time."""

from __future__ import annotations

from django.contrib.postgres.indexes import GistIndex
from django.db import models
from django.db.models import F, Func
from django.utils.translation import gettext_lazy as _

# The licence (dl-de/by-2-0) asks for this note on every page and PDF that shows the
# data; "(Daten verändert)" because the import reprojects and simplifies.
SOURCE_NOTE = "© GeoBasis-DE / BKG 2021 (Daten verändert)"
SOURCE_URL = "https://www.bkg.bund.de"


def bbox_expression() -> Func:
    """The boundary's box as PostgreSQL's `box` type: the GiST index below and the window
    query of geo.maps.land_shapes use this same expression, so the planner matches them."""
    return Func(
        Func(F("min_x"), F("min_y"), function="point"),
        Func(F("max_x"), F("max_y"), function="point"),
        function="box",
    )


class Boundary(models.Model):
    class Level(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde")
        KREIS = "kreis", _("Kreis")

    level = models.CharField(_("Ebene"), max_length=10, choices=Level.choices)
    # A Kreis is stored under its Kreisschlüssel + "000", the AGS its Municipality row has.
    ags = models.CharField(_("AGS"), max_length=8)
    name = models.CharField(_("Name"), max_length=200)
    path = models.TextField(_("SVG-Pfad"))
    min_x = models.IntegerField()
    min_y = models.IntegerField()
    max_x = models.IntegerField()
    max_y = models.IntegerField()
    edition = models.CharField(_("Ausgabe"), max_length=60)
    imported_at = models.DateTimeField(_("importiert am"), auto_now=True)

    class Meta:
        verbose_name = _("Gebietsgrenze")
        verbose_name_plural = _("Gebietsgrenzen")
        constraints = [models.UniqueConstraint(fields=["level", "ags"], name="boundary_level_ags")]
        indexes = [
            # The maps read one Land's boundaries: ags LIKE '06%' needs the pattern opclass.
            models.Index(
                fields=["level", "ags"], name="boundary_level_ags_prefix", opclasses=["text_pattern_ops"] * 2
            ),
            # The small partner map of an atlas entry or a case draws the boundaries whose box
            # overlaps a window, across Land borders: `&&` on the boxes (all Germany is
            # 11,398 rows; without it every such map read them all).
            GistIndex(bbox_expression(), name="boundary_bbox"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ags})"
