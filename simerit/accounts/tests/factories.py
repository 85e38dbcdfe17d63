from typing import Any

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from simerit.accounts.models import User

PASSWORD = "sandi-uji-123"


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    full_name = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda u: f"{u.username}@contoh.go.id")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:  # noqa: N805
        if create and extracted:
            obj.groups.set(Group.objects.filter(name__in=[str(role) for role in extracted]))
