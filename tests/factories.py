import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role

MOT_DE_PASSE = "mot-de-passe-de-test-7"


class UserFactory(factory.django.DjangoModelFactory):
    """Un utilisateur dont l'adresse est vérifiée, sauf `email_verifie=False`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"usager{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(MOT_DE_PASSE)

    @factory.post_generation
    def email_verifie(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))
            self.is_staff = True
            self.save(update_fields=["is_staff"])


# Les comptes de chaque profil : une fixture par profil dans tests/conftest.py (un
# compte neuf par test), et les mêmes comptes, créés une fois par comptes_creer()
# pour un module qui les partage (tests/portail/test_administration_par_role.py).
COMPTES = {
    "citoyen": {"first_name": "Camille"},
    "webmestre": {"role": Role.WEBMESTRES},
    "instructeur": {"role": Role.INSTRUCTEURS},
    "jure": {"role": Role.JURY},
    "gestionnaire_ipt": {"role": Role.GESTIONNAIRES_IPT},
    "bailleur": {"role": Role.BAILLEURS},
    "administrateur": {"is_staff": True, "is_superuser": True},
}


def comptes_creer() -> dict[str, object]:
    return {profil: UserFactory(**attributs) for profil, attributs in COMPTES.items()}
