"""Comptes de démonstration : un par rôle, plus un citoyen et un administrateur."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.crypto import get_random_string

from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role

MOT_DE_PASSE_DEMO = "demo-Brest-numerique"

COMPTES = [
    ("admin@exemple.fr", "Administratrice", None),
    ("webmestre@exemple.fr", "Webmestre", Role.WEBMESTRES),
    ("instructeur@exemple.fr", "Instructeur", Role.INSTRUCTEURS),
    ("jury@exemple.fr", "Juré", Role.JURY),
    ("gestionnaire@exemple.fr", "Gestionnaire", Role.GESTIONNAIRES_IPT),
    ("bailleur@exemple.fr", "Bailleur", Role.BAILLEURS),
    ("citoyen@exemple.fr", "Citoyenne", None),
]


@transaction.atomic
def creer_donnees_demo(sortie) -> None:
    # Le mot de passe n'est connu (et affiché) qu'en mode démonstration.
    mot_de_passe = MOT_DE_PASSE_DEMO if settings.DEMONSTRATION else get_random_string(32)
    for email, prenom, role in COMPTES:
        user, _ = User.objects.update_or_create(
            email=email,
            defaults={
                "first_name": prenom,
                "last_name": "(compte d'exemple)",
                "is_staff": role is not None or email.startswith("admin"),
                "is_superuser": email.startswith("admin"),
            },
        )
        user.set_password(mot_de_passe)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        if role:
            user.groups.set([Group.objects.get(name=role)])
    if settings.DEMONSTRATION:
        sortie.write(f"Comptes de démonstration (mot de passe : {mot_de_passe}) :")
        for email, _prenom, role in COMPTES:
            sortie.write(f"  {email:28} {role or ''}")
    else:
        sortie.write("Comptes d'exemple créés ; mots de passe aléatoires (hors du mode embarqué).")
