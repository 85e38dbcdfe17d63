"""Starting values of the national SKD configuration: DATA, copied into a blueprint on request.

Domain reference §2.1 (composition) and §2.2 (nilai ambang batas), KepmenPANRB 321/2024. These
values are only ever copied into a blueprint's rows by `services.blueprints.apply_skd_defaults`
("Isi ketentuan SKD nasional"), where Admin BKPSDM can edit them. Scoring never reads this
module: it reads the blueprint's sections and passing rules. When a new decree changes the
numbers, change them here (and the legal basis) for new blueprints; existing blueprints keep
the values they were given.
"""

from dataclasses import dataclass, field

from simerit.recruitment.models import Track

SKD_LEGAL_BASIS = "KepmenPANRB 321/2024"
# §2.1: 100 minutes (tunanetra on the disability track: +30 minutes as the participant's
# accommodation, Participant.extra_minutes, not part of the blueprint).
SKD_DURATION_MINUTES = 100


@dataclass(frozen=True)
class SectionDefault:
    category_code: str
    question_count: int
    # For weighted questions (TKP) `correct_points` is the highest option's points: it sets the
    # section's maximum (45 × 5 = 225) that an imported BKN score is checked against.
    correct_points: int
    wrong_points: int
    blank_points: int


@dataclass(frozen=True)
class RuleDefault:
    track: str  # "" = every track without its own rule
    category_minimums: dict[str, int] = field(default_factory=dict)
    total_minimum: int | None = None


# §2.1: TWK 30 and TIU 35 single-answer questions (correct 5, wrong/blank 0); TKP 45 weighted
# questions (each option 1–5, blank 0). Maximum 150 + 175 + 225 = 550.
SKD_SECTIONS: tuple[SectionDefault, ...] = (
    SectionDefault("TWK", 30, 5, 0, 0),
    SectionDefault("TIU", 35, 5, 0, 0),
    SectionDefault("TKP", 45, 5, 0, 0),
)

# §2.2, KepmenPANRB 321/2024: umum (and every track without its own rule) must reach each
# sub-test minimum; cumlaude and diaspora a total of 311 and TIU 85; disabilitas and putra/putri
# daerah a total of 286 and TIU 60.
SKD_PASSING_RULES: tuple[RuleDefault, ...] = (
    RuleDefault("", {"TWK": 65, "TIU": 80, "TKP": 166}),
    RuleDefault(Track.CUMLAUDE, {"TIU": 85}, 311),
    RuleDefault(Track.DIASPORA, {"TIU": 85}, 311),
    RuleDefault(Track.DISABILITAS, {"TIU": 60}, 286),
    RuleDefault(Track.PUTRA_PUTRI_DAERAH, {"TIU": 60}, 286),
)
