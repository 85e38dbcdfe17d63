"""Jabatan of the demo and what their holders look like: golongan range, entry golongan, titles.

Golongan ranges per jabatan follow common practice for the legacy eselon (domain reference §4.7)
and the entry golongan by education (§4.6); they are plausible, not regulation.
"""

from dataclasses import dataclass

from simerit.employees.models import EmployeeKind
from simerit.organization.models import Position

HEAD_TITLES = ("S.E., M.Si.", "S.H., M.H.", "S.T., M.T.", "S.Sos., M.Si.", "S.IP., M.M.")
S1_TITLES = ("S.E.", "S.H.", "S.Sos.", "S.IP.", "S.Kom.", "S.AP.")


@dataclass(frozen=True)
class PositionSpec:
    """A jabatan and what its holders look like: golongan range, entry golongan, titles."""

    name: str
    kind: Position.Kind
    golongan: tuple[str, str]
    entry: str = "III/a"
    eselon: str = ""
    level: str = ""
    titles: tuple[str, ...] = ()
    front_title: str = ""


@dataclass(frozen=True)
class Staff:
    """Holders of one non-managerial jabatan in a unit, by employment kind."""

    position: PositionSpec
    pns: int = 1
    cpns: int = 0
    pppk: int = 0

    def kinds(self) -> list[EmployeeKind]:
        return (
            [EmployeeKind.PNS] * self.pns
            + [EmployeeKind.CPNS] * self.cpns
            + [EmployeeKind.PPPK] * self.pppk
        )


# --- Jabatan builders


def jpt(
    name: str, *, eselon: str = "II.b", titles: tuple[str, ...] = HEAD_TITLES, front_title: str = ""
) -> PositionSpec:
    golongan = ("IV/c", "IV/d") if eselon == "II.a" else ("IV/b", "IV/c")
    return PositionSpec(
        name,
        Position.Kind.JPT_PRATAMA,
        golongan,
        eselon=eselon,
        titles=titles,
        front_title=front_title,
    )


def administrator(
    name: str, *, eselon: str = "III.a", titles: tuple[str, ...] = ()
) -> PositionSpec:
    golongan = ("IV/a", "IV/b") if eselon == "III.a" else ("III/d", "IV/a")
    titles = titles or ("S.E., M.M.", "S.H.", "S.Sos., M.Si.", "S.T.", "S.IP., M.Si.")
    return PositionSpec(name, Position.Kind.ADMINISTRATOR, golongan, eselon=eselon, titles=titles)


def pengawas(name: str, *, titles: tuple[str, ...] = S1_TITLES) -> PositionSpec:
    kind = Position.Kind.PENGAWAS
    return PositionSpec(name, kind, ("III/c", "III/d"), eselon="IV.a", titles=titles)


FUNCTIONAL_GOLONGAN = {
    Position.FunctionalLevel.AHLI_PERTAMA: ("III/a", "III/b"),
    Position.FunctionalLevel.AHLI_MUDA: ("III/c", "III/d"),
    Position.FunctionalLevel.AHLI_MADYA: ("IV/a", "IV/c"),
    Position.FunctionalLevel.TERAMPIL: ("II/c", "II/d"),
    Position.FunctionalLevel.MAHIR: ("III/a", "III/b"),
}


def fungsional(
    jabatan: str,
    level: Position.FunctionalLevel,
    *,
    titles: tuple[str, ...] = S1_TITLES,
    front_title: str = "",
    golongan: tuple[str, str] | None = None,
    name: str = "",
) -> PositionSpec:
    skilled = level in {Position.FunctionalLevel.TERAMPIL, Position.FunctionalLevel.MAHIR}
    return PositionSpec(
        name or f"{jabatan} {level.label}",
        Position.Kind.FUNGSIONAL,
        golongan or FUNCTIONAL_GOLONGAN[level],
        entry="II/c" if skilled else "III/a",
        level=level,
        titles=titles,
        front_title=front_title,
    )


def pelaksana(name: str, *, entry: str, top: str, titles: tuple[str, ...] = ()) -> PositionSpec:
    return PositionSpec(name, Position.Kind.PELAKSANA, (entry, top), entry=entry, titles=titles)


L = Position.FunctionalLevel
PENATA = pelaksana("Penata Layanan Operasional", entry="III/a", top="III/b", titles=S1_TITLES)
PENGADMINISTRASI = pelaksana("Pengadministrasi Perkantoran", entry="II/a", top="II/d")
OPERATOR = pelaksana("Operator Layanan Operasional", entry="II/a", top="II/c")
PENGELOLA = pelaksana(
    "Pengelola Layanan Operasional", entry="II/c", top="III/a", titles=("A.Md.", "A.Md.Kom.")
)
ARSIPARIS = fungsional("Arsiparis", L.TERAMPIL, titles=("A.Md.",))
ANALIS_SDM_PERTAMA = fungsional("Analis SDM Aparatur", L.AHLI_PERTAMA, titles=("S.Psi.", "S.E."))
ANALIS_SDM_MUDA = fungsional("Analis SDM Aparatur", L.AHLI_MUDA, titles=("S.Psi., M.Psi.", "S.E."))
PERAWAT_PERTAMA = fungsional("Perawat", L.AHLI_PERTAMA, titles=("S.Kep., Ners",))
PERAWAT_TERAMPIL = fungsional("Perawat", L.TERAMPIL, titles=("A.Md.Kep.",))
BIDAN_TERAMPIL = fungsional("Bidan", L.TERAMPIL, titles=("A.Md.Keb.",))
DOKTER_PERTAMA = fungsional(
    "Dokter", L.AHLI_PERTAMA, titles=("",), front_title="dr.", golongan=("III/b", "III/c")
)
APOTEKER_PERTAMA = fungsional(
    "Apoteker", L.AHLI_PERTAMA, titles=("S.Farm., Apt.",), golongan=("III/b", "III/c")
)
GURU_PERTAMA = fungsional("Guru", L.AHLI_PERTAMA, titles=("S.Pd.",))
GURU_MUDA = fungsional("Guru", L.AHLI_MUDA, titles=("S.Pd.", "S.Pd., M.Pd."))
GURU_MADYA = fungsional("Guru", L.AHLI_MADYA, titles=("S.Pd., M.Pd.",))


def specialist(jabatan: str, titles: tuple[str, ...] = S1_TITLES) -> PositionSpec:
    """The Ahli Pertama jabatan that characterises an OPD without sub-units in the demo."""
    return fungsional(jabatan, L.AHLI_PERTAMA, titles=titles)
