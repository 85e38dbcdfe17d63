"""HTML input for the question bank. The rules live in services/questions.py."""

from dataclasses import dataclass
from typing import Any

from django import forms

from simerit.core.forms import BootstrapFormMixin
from simerit.core.spreadsheets.text import thousands
from simerit.core.spreadsheets.writing import XLSX_CONTENT_TYPE
from simerit.exams.models import (
    Difficulty,
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionVersion,
)
from simerit.exams.question_io import columns as bank_columns
from simerit.exams.selectors import questions as selectors
from simerit.exams.services.question_versions import MAX_IMAGE_KB
from simerit.exams.services.questions import OPTION_KEYS, OptionInput, QuestionInput

IMAGE_ACCEPT = ".jpg,.jpeg,.png,image/jpeg,image/png"


class CategoryChoiceField(forms.ModelChoiceField[QuestionCategory]):
    def label_from_instance(self, obj: QuestionCategory) -> str:
        return f"{obj.code} – {obj.name}"


class BankForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Nama bank soal", max_length=150, help_text="Mis. SKD CPNS 2026 – Paket A."
    )
    purpose = forms.ChoiceField(
        label="Kegunaan",
        choices=QuestionBank.Purpose.choices,
        help_text="Bank latihan (tryout) tidak pernah dipakai untuk ujian sungguhan, dan sebaliknya.",
    )
    description = forms.CharField(label="Keterangan", max_length=300, required=False)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """A service's errors ({field: [messages]}) on their fields, the rest on top."""
        for name, messages in errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class QuestionFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label="Cari kode, topik atau teks", max_length=100, required=False)
    category = CategoryChoiceField(
        label="Kategori", queryset=selectors.list_categories(), required=False
    )
    kind = forms.ChoiceField(
        label="Tipe", required=False, choices=[("", "Semua tipe"), *Question.Kind.choices]
    )
    difficulty = forms.ChoiceField(
        label="Kesulitan", required=False, choices=[("", "Semua"), *Difficulty.choices]
    )
    active = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Semua"), ("1", "Aktif"), ("0", "Nonaktif")],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["category"]
        field.empty_label = "Semua kategori"

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        data = self.cleaned_data
        active = data.get("active") or ""
        return {
            "search": data.get("q") or "",
            "category": data.get("category"),
            "kind": data.get("kind") or "",
            "difficulty": data.get("difficulty") or "",
            "active": None if active == "" else active == "1",
        }


@dataclass(frozen=True)
class OptionRow:
    key: str
    text: forms.BoundField
    points: forms.BoundField
    answer: Any  # the radio button of this key (a BoundWidget)


class QuestionForm(BootstrapFormMixin, forms.Form):
    """A new question, or the next version of one (`question`): code and kind are then fixed."""

    code = forms.CharField(
        label="Kode soal",
        max_length=40,
        help_text="Unik dalam bank, mis. TWK-0001. Tidak dapat diubah setelah disimpan.",
    )
    category = CategoryChoiceField(
        label="Kategori", queryset=selectors.list_categories(), empty_label=None
    )
    kind = forms.ChoiceField(
        label="Tipe soal",
        choices=Question.Kind.choices,
        initial=Question.Kind.SINGLE,
        widget=forms.RadioSelect,
        help_text="Satu jawaban benar: nilai benar/salah diatur kisi-kisi (5/0). Opsi berbobot "
        "(TKP): setiap pilihan bernilai 1–5. Tidak dapat diubah setelah disimpan.",
    )
    topic = forms.CharField(label="Topik", max_length=150, required=False)
    difficulty = forms.ChoiceField(
        label="Tingkat kesulitan", choices=Difficulty.choices, initial=Difficulty.MEDIUM
    )
    text = forms.CharField(label="Teks soal", widget=forms.Textarea(attrs={"rows": 5}))
    answer = forms.ChoiceField(
        label="Kunci jawaban",
        choices=[(key, key) for key in OPTION_KEYS],
        required=False,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label="Pembahasan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Ditampilkan kepada peserta tryout setelah selesai.",
    )
    image = forms.FileField(
        label="Gambar (JPG atau PNG)",
        required=False,
        help_text=f"Opsional, paling besar {MAX_IMAGE_KB} KB. Diperiksa menurut isinya dan disimpan "
        "ulang tanpa metadata.",
        widget=forms.FileInput(attrs={"accept": IMAGE_ACCEPT}),
    )
    remove_image = forms.BooleanField(label="Hapus gambar pada versi baru", required=False)

    def __init__(self, *args: Any, question: Question | None = None, **kwargs: Any) -> None:
        self.question = question
        if question is not None:
            kwargs.setdefault("initial", _initial(question))
        super().__init__(*args, **kwargs)
        for name in ("kind", "answer"):  # radio buttons, not text boxes
            self.fields[name].widget.attrs["class"] = "form-check-input"
        for key in OPTION_KEYS:
            self.fields[f"option_{key.lower()}"] = forms.CharField(
                label=f"Pilihan {key}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )
            self.fields[f"points_{key.lower()}"] = forms.IntegerField(
                label=f"Nilai pilihan {key}",
                required=False,
                widget=forms.NumberInput(attrs={"min": 1, "max": 5, "class": "form-control"}),
            )
        if question is not None:
            del self.fields["code"]
            del self.fields["kind"]
            version = question.current_version
            if version is None or not version.image:
                del self.fields["remove_image"]

    @property
    def question_kind(self) -> str:
        """The kind being edited: fixed for an existing question, else as chosen."""
        if self.question is not None:
            return self.question.kind
        return str(self["kind"].value() or "")

    def main_fields(self) -> list[forms.BoundField]:
        names = ("code", "category", "kind", "topic", "difficulty", "text")
        return [self[name] for name in names if name in self.fields]

    def option_rows(self) -> list[OptionRow]:
        answers = list(self["answer"])
        return [
            OptionRow(
                key=key,
                text=self[f"option_{key.lower()}"],
                points=self[f"points_{key.lower()}"],
                answer=answers[index],
            )
            for index, key in enumerate(OPTION_KEYS)
        ]

    def to_input(self) -> QuestionInput:
        data = self.cleaned_data
        kind = self.question_kind
        options: list[OptionInput] = []
        for key in OPTION_KEYS:
            text = data.get(f"option_{key.lower()}") or ""
            points = data.get(f"points_{key.lower()}")
            if kind == Question.Kind.SINGLE:
                chosen = data.get("answer") == key
                if text.strip() or chosen:
                    options.append(OptionInput(key, text, 1 if chosen else 0))
            elif text.strip() or points is not None:
                options.append(OptionInput(key, text, 0 if points is None else points))
        return QuestionInput(
            code=self.question.code if self.question else data["code"],
            category=data["category"],
            kind=kind,
            topic=data.get("topic") or "",
            difficulty=data["difficulty"],
            text=data["text"],
            options=options,
            explanation=data.get("explanation") or "",
            is_active=self.question.is_active if self.question else True,
        )

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """A service's errors on their fields (options.B.text: option_b), the rest on top."""
        for name, messages in errors.items():
            field = name
            if name.startswith("options."):
                _, key, part = name.split(".")
                field = f"{'option' if part == 'text' else 'points'}_{key.lower()}"
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


def _initial(question: Question) -> dict[str, Any]:
    version: QuestionVersion | None = question.current_version
    initial: dict[str, Any] = {
        "category": question.category_id,
        "topic": question.topic,
        "difficulty": question.difficulty,
    }
    if version is None:
        return initial
    initial.update(text=version.text, explanation=version.explanation)
    for option in version.options:
        key = str(option["key"]).lower()
        initial[f"option_{key}"] = option["text"]
        if question.kind == Question.Kind.WEIGHTED:
            initial[f"points_{key}"] = option["points"]
        elif int(option["points"]) > 0:
            initial["answer"] = option["key"]
    return initial


class BankImportForm(BootstrapFormMixin, forms.Form):
    """The upload; its size is checked by the import, which records a refused file."""

    file = forms.FileField(
        label="Berkas Excel (.xlsx) atau JSON",
        help_text=(
            f"Gunakan templat atau berkas hasil ekspor. Maksimal "
            f"{bank_columns.MAX_FILE_BYTES // 1024 // 1024} MB dan "
            f"{thousands(bank_columns.MAX_ROWS)} soal."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,.json,{XLSX_CONTENT_TYPE},application/json"}
        ),
    )
