"""The numeric TIU items (number series, arithmetic), generated from a seeded random source with
their key and explanation computed, so they are always right."""

import random
from collections.abc import Callable, Sequence

from simerit.demo.questions import HARD, MEDIUM, SampleQuestion, single


def _rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _distinct(answer: int, candidates: Sequence[int]) -> list[int]:
    """Four distractors: positive, different from the answer and from each other."""
    chosen: list[int] = []
    for value in candidates:
        if value > 0 and value != answer and value not in chosen:
            chosen.append(value)
    step = max(1, answer // 10)
    extra = answer + step
    while len(chosen) < 4:
        if extra not in chosen and extra != answer:
            chosen.append(extra)
        extra += step
    return chosen[:4]


Numeric = tuple[str, int, list[int], str, str]  # text, answer, distractors, explanation, topic


def _arithmetic_series(rng: random.Random) -> Numeric:
    start, step = rng.randint(3, 20), rng.randint(4, 12)
    terms = [start + index * step for index in range(5)]
    answer = terms[-1] + step
    shown = ", ".join(map(str, terms))
    return (
        f"Bilangan berikutnya dari deret {shown}, ... adalah ...",
        answer,
        _distinct(answer, [answer + 1, answer - 1, answer + step, terms[-1] + step - 2]),
        f"Setiap suku bertambah {step}; suku berikutnya {terms[-1]} + {step} = {answer}.",
        "Deret angka",
    )


def _growing_difference(rng: random.Random) -> Numeric:
    value, difference, growth = rng.randint(2, 10), rng.randint(1, 4), rng.randint(1, 3)
    terms = [value]
    for _ in range(4):
        value += difference
        terms.append(value)
        difference += growth
    answer = value + difference
    steps = ", ".join(f"+{terms[i + 1] - terms[i]}" for i in range(4))
    return (
        f"Bilangan berikutnya dari deret {', '.join(map(str, terms))}, ... adalah ...",
        answer,
        _distinct(answer, [answer - growth, answer + growth, value + difference - growth * 2]),
        f"Selisih antarsuku bertambah {growth} ({steps}); selisih berikutnya +{difference}, "
        f"jadi {value} + {difference} = {answer}.",
        "Deret angka",
    )


def _times_plus(rng: random.Random) -> Numeric:
    value, factor, add = rng.randint(1, 5), rng.choice([2, 3]), rng.randint(1, 3)
    terms = [value]
    for _ in range(4):
        value = value * factor + add
        terms.append(value)
    answer = value * factor + add
    return (
        f"Bilangan berikutnya dari deret {', '.join(map(str, terms))}, ... adalah ...",
        answer,
        _distinct(answer, [value * factor, answer + add, value * factor - add, answer - 1]),
        f"Setiap suku adalah suku sebelumnya dikali {factor} lalu ditambah {add}: "
        f"{value} × {factor} + {add} = {answer}.",
        "Deret angka",
    )


def _discount(rng: random.Random) -> Numeric:
    price = rng.choice([1_200_000, 1_600_000, 2_400_000, 3_200_000])
    percent = rng.choice([10, 15, 20, 25])
    answer = price * (100 - percent) // 100
    cut = price * percent // 100
    text = (
        f"Sebuah printer untuk kantor kelurahan berharga {_rupiah(price)} dan mendapat potongan "
        f"{percent}%. Harga yang harus dibayar adalah ..."
    )
    return (
        text,
        answer,
        _distinct(answer, [price - percent * 10_000, cut, answer - cut // 2, price - cut // 2]),
        f"Potongan {percent}% × {_rupiah(price)} = {_rupiah(cut)}; "
        f"{_rupiah(price)} − {_rupiah(cut)} = {_rupiah(answer)}.",
        "Aritmetika sosial",
    )


def _workers(rng: random.Random) -> Numeric:
    workers, days = rng.choice([(6, 10), (8, 15), (10, 12), (12, 10), (9, 20)])
    more = next(n for n in range(workers + 1, workers * 3) if workers * days % n == 0)
    answer = workers * days // more
    text = (
        f"Sebuah pekerjaan pengarsipan dapat diselesaikan {workers} orang dalam {days} hari. "
        f"Jika dikerjakan {more} orang dengan kecepatan kerja yang sama, pekerjaan itu selesai "
        "dalam ... hari."
    )
    return (
        text,
        answer,
        _distinct(
            answer, [days * more // workers, days - (more - workers), answer + 2, answer - 1]
        ),
        f"Perbandingan berbalik nilai: {workers} × {days} = {workers * days} hari-orang; "
        f"{workers * days} : {more} = {answer} hari.",
        "Perbandingan",
    )


def _average(rng: random.Random) -> Numeric:
    count, mean = rng.randint(4, 6), rng.randint(70, 80)
    # The newcomer's score stays within 0–100.
    rise = rng.randint(1, min(3, (100 - mean) // (count + 1)))
    newcomer = mean + (count + 1) * rise
    answer = mean + rise
    text = (
        f"Rata-rata nilai {count} peserta pelatihan adalah {mean}. Setelah nilai seorang "
        f"peserta susulan ditambahkan, rata-ratanya menjadi {answer}. Nilai peserta susulan "
        "itu adalah ..."
    )
    return (
        text,
        newcomer,
        _distinct(newcomer, [answer + rise, mean + count * rise, newcomer - rise, newcomer + 2]),
        f"Jumlah nilai baru {count + 1} × {answer} = {(count + 1) * answer}; jumlah lama "
        f"{count} × {mean} = {count * mean}; selisihnya {newcomer}.",
        "Statistika sederhana",
    )


GENERATORS: tuple[Callable[[random.Random], Numeric], ...] = (
    _arithmetic_series,
    _growing_difference,
    _times_plus,
    _discount,
    _workers,
    _average,
)


def numeric(
    prefix: str, *, count: int, seed: int, first: int, digits: int, offset: int = 0
) -> list[SampleQuestion]:
    """`count` numeric TIU items coded `prefix`<n> from `first`, one per generator in turn
    (starting at generator `offset`)."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not a secret)
    questions = []
    for index in range(count):
        generator = GENERATORS[(index + offset) % len(GENERATORS)]
        text, answer, wrong, explanation, topic = generator(rng)
        money = generator is _discount
        shown = _rupiah if money else str
        questions.append(
            single(
                f"{prefix}{first + index:0{digits}d}",
                "TIU",
                topic,
                HARD if generator in (_times_plus, _average) else MEDIUM,
                text,
                correct=shown(answer),
                wrong=[shown(value) for value in wrong],
                explanation=explanation,
            )
        )
    return questions
