"""The inward mitred offset of many polygons at once, with numpy: what a GEOS buffer by −d with
mitred joins gives, without a buffer per zone.

Every ring edge moves inwards by d along its normal; a vertex moves to where its two edges' moved
lines meet (the mitre). An edge whose two vertices run into each other before d (a short edge, a
small notch) collapses: it is dropped and its neighbours' lines meet instead, as in the buffer.
Collapses are taken in the order they happen (an edge collapsing no later than both neighbours),
so the offset at d is the one of the edges still standing. With the edges standing fixed, the
corners move linearly with d and the area is a quadratic in d: its root is the inset for the
target area, solved again when collapses happened on the way to it.

What this does not follow is left to GEOS: a concave corner running into another edge (the zone
would split in two; the ring then crosses itself, so the result is not valid), mitres past the
limit, MultiPolygons, rings left with fewer than three edges. A zone's offset is taken only when
it is a valid polygon of the target area.
"""
from __future__ import annotations

import numpy as np
import shapely

from parkplanner.core.massing.ring_edges import RingEdges

__all__ = ["Rings"]

#: Rounds of collapses (each takes every edge that collapses before both neighbours); a zone
#: still collapsing after these goes to GEOS.
_ROUNDS = 64
#: Solves of the area quadratic of the edges standing: one more after each that crossed collapses.
_SOLVES = 8
#: The offset is taken when its area is the target to this share (float rounding only).
EXACT = 1e-9


class Rings(RingEdges):
    """The ring edges of ``geoms`` (relative to each zone's first point) with what the offset
    needs of them: edge vectors and lengths."""

    def __init__(self, geoms: np.ndarray) -> None:
        super().__init__(geoms)
        self.geoms = geoms
        self.edges = self.q - self.p
        self.length = np.hypot(self.edges[:, 0], self.edges[:, 1])

    # -- the area formula ---------------------------------------------------------------------
    def quadratic_inset(self, area: np.ndarray, target: np.ndarray) -> np.ndarray:
        """The inset d of A − P·d + K·d² = target, K = Σ tan(τ/2) over the turning angles
        τ (0 where it has no positive root): exact while no edge collapses."""
        edges, nxt = self.edges, self.edges[self.following]
        turn = np.arctan2(edges[:, 0] * nxt[:, 1] - edges[:, 1] * nxt[:, 0], (edges * nxt).sum(axis=1))
        k = np.bincount(self.zone, np.tan(turn / 2.0), minlength=self.n)
        perimeter = np.bincount(self.zone, self.length, minlength=self.n)
        c = area - target
        disc = perimeter ** 2 - 4.0 * k * c
        with np.errstate(invalid="ignore", divide="ignore"):
            # 2c / (P + √disc): the smaller root, stable when K is near 0 (long thin rectangles).
            d = np.where(disc >= 0, 2.0 * c / (perimeter + np.sqrt(np.maximum(disc, 0.0))), perimeter / (2.0 * k))
        return np.where(np.isfinite(d) & (d > 0), d, 0.0)

    # -- the offset ---------------------------------------------------------------------------
    def inset(self, d: np.ndarray, target: np.ndarray, mitre_limit: float) -> tuple[np.ndarray, np.ndarray]:
        """(each zone offset inwards to ``target`` m² starting from the inset ``d``, whether that
        offset is the zone's: where not, the zone is left to GEOS)."""
        ok = (d > 0) & (shapely.get_type_id(self.geoms) == 3)
        lines = _Lines(self)
        death = np.full(len(self.p), np.inf)
        d = d.copy()
        for _ in range(_SOLVES):
            state = self._collapse(d, death, lines)
            solved = state.solve(target)
            ok &= np.isfinite(solved) & (solved > 0)
            moved = np.abs(solved - d) > 1e-12 * d
            d = np.where(ok, solved, d)
            if not (moved & ok).any():
                break
        else:
            ok &= ~moved
        state = self._collapse(d, death, lines)
        ok &= state.ok(mitre_limit)
        out = np.empty(self.n, dtype=object)
        if ok.any():
            out[ok] = self._polygons(state, d, ok)
            good = shapely.is_valid(out[ok]) & (np.abs(shapely.area(out[ok]) - target[ok]) <= EXACT * target[ok])
            ok[np.flatnonzero(ok)[~good]] = False
        return out, ok

    def _collapse(self, d: np.ndarray, death: np.ndarray, lines: "_Lines") -> "_Offset":
        """The edges standing at inset ``d``: collapses up to d recorded in ``death`` (the inset
        at which each edge collapsed, kept across solves: the order of collapses does not
        depend on d). An edge falls when it collapses no later than both its neighbours."""
        at = d[self.zone]
        for _ in range(_ROUNDS):
            state = _Offset(lines, death > at)
            t = state.collapse_at()
            falls = (t <= at) & (t <= t[state.prev]) & (t < t[state.next])
            if not falls.any():
                break
            death[falls] = t[falls]
        state.unsettled = np.bincount(self.zone, falls, minlength=self.n) > 0
        return state

    def _polygons(self, state: "_Offset", d: np.ndarray, ok: np.ndarray) -> np.ndarray:
        """Polygons of the zones ``ok`` (Polygons only: one part each) from their standing
        edges' corners at ``d``."""
        take = state.alive & ok[self.zone]
        x, y = state.corner(d)
        zone = self.zone[take]
        corners = np.column_stack([x[take], y[take]]) + self.reference[zone]
        ring_ids, ring_index = np.unique(self.ring[take], return_inverse=True)
        rings = shapely.linearrings(corners, indices=ring_index)
        return shapely.polygons(rings, indices=np.unique(self.ring_part[ring_ids], return_inverse=True)[1])


class _Lines:
    """Each edge's direction, inward normal and line (normal · x = line), and the mitre of the
    vertex it starts at, where its line meets the preceding edge's."""

    def __init__(self, rings: Rings) -> None:
        self.rings = rings
        self.ux, self.uy = rings.edges[:, 0] / rings.length, rings.edges[:, 1] / rings.length
        self.nx, self.ny = -self.uy, self.ux  # left: inwards
        self.line = self.nx * rings.p[:, 0] + self.ny * rings.p[:, 1]
        a = rings.preceding
        with np.errstate(invalid="ignore", divide="ignore"):
            scale = 1.0 / (1.0 + self.nx[a] * self.nx + self.ny[a] * self.ny)  # |mitre| = 1 / cos(τ/2)
        self.mitre_x, self.mitre_y = (self.nx[a] + self.nx) * scale, (self.ny[a] + self.ny) * scale
        self.n_rings = int(rings.ring.max()) + 1 if len(rings.ring) else 0


class _Offset:
    """The standing edges of every ring: each one's standing neighbours and its start corner as
    a function of the inset t, corner(t) = origin + t · velocity."""

    def __init__(self, lines: _Lines, alive: np.ndarray) -> None:
        rings = lines.rings
        self.lines, self.alive = lines, alive
        n_edges = len(alive)
        index = np.where(alive, np.arange(n_edges), -1)
        latest = np.maximum.accumulate(index) if n_edges else index
        before = np.empty_like(latest)  # the latest standing edge before each edge
        before[:1] = -1
        before[1:] = latest[:-1]
        prev = np.where(before >= rings.first_of, before, latest[rings.last_of])
        self.prev = np.where(alive, prev, np.arange(n_edges))
        self.next = np.arange(n_edges)
        self.next[self.prev[alive]] = np.flatnonzero(alive)
        self.ox, self.oy = rings.p[:, 0].copy(), rings.p[:, 1].copy()
        self.vx, self.vy = lines.mitre_x.copy(), lines.mitre_y.copy()
        # After collapses, neighbours no longer share a vertex: their corner is where their lines meet.
        b = np.flatnonzero(alive & (self.prev != rings.preceding))
        if b.size:
            a = self.prev[b]
            nax, nay, nbx, nby = lines.nx[a], lines.ny[a], lines.nx[b], lines.ny[b]
            la, lb = lines.line[a], lines.line[b]
            with np.errstate(invalid="ignore", divide="ignore"):
                det = nax * nby - nay * nbx
                self.ox[b], self.oy[b] = (la * nby - lb * nay) / det, (lb * nax - la * nbx) / det
                self.vx[b], self.vy[b] = (nby - nay) / det, (nax - nbx) / det
        self.standing = np.bincount(rings.ring, alive, minlength=lines.n_rings)
        self.unsettled = np.zeros(rings.n, dtype=bool)

    def collapse_at(self) -> np.ndarray:
        """The inset at which each standing edge's length falls to zero (inf: never, or fallen)."""
        nxt, ux, uy = self.next, self.lines.ux, self.lines.uy
        length0 = (self.ox[nxt] - self.ox) * ux + (self.oy[nxt] - self.oy) * uy
        slope = (self.vx[nxt] - self.vx) * ux + (self.vy[nxt] - self.vy) * uy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(slope < 0, -length0 / slope, np.inf)
        t[~self.alive] = np.inf
        return t

    def corner(self, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        at = t[self.lines.rings.zone]
        return self.ox + at * self.vx, self.oy + at * self.vy

    def ok(self, mitre_limit: float) -> np.ndarray:
        """Zones whose collapses are all taken, every ring keeps three edges and every corner has a
        finite mitre within the limit."""
        rings = self.lines.rings
        bad = self.alive & ~(self.vx * self.vx + self.vy * self.vy <= mitre_limit ** 2)
        bad_zone = np.bincount(rings.zone, bad, minlength=rings.n) > 0
        few = np.flatnonzero(self.standing < 3)
        bad_zone[rings.part_zone[rings.ring_part[few]]] = True
        return ~(bad_zone | self.unsettled)

    def solve(self, target: np.ndarray) -> np.ndarray:
        """The inset at which each zone's offset has ``target`` m², with the edges standing now.
        The corners move linearly with the inset, so the shoelace area is a quadratic in it:
        A(t) = A₀ − P·t + K·t²; its smaller root, as in :meth:`Rings.quadratic_inset`."""
        nxt, zone, n = self.next, self.lines.rings.zone, self.lines.rings.n
        ox, oy, vx, vy = self.ox, self.oy, self.vx, self.vy
        on = self.alive.astype(float)
        a0 = np.bincount(zone, on * (ox * oy[nxt] - oy * ox[nxt]), minlength=n) / 2.0
        p = -np.bincount(zone, on * (ox * vy[nxt] + vx * oy[nxt] - oy * vx[nxt] - vy * ox[nxt]), minlength=n) / 2.0
        k = np.bincount(zone, on * (vx * vy[nxt] - vy * vx[nxt]), minlength=n) / 2.0
        c = a0 - target
        with np.errstate(invalid="ignore", divide="ignore"):
            return 2.0 * c / (p + np.sqrt(p * p - 4.0 * k * c))
