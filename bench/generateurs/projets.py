"""Les données de l'appel à projets pour le banc (bench/projets.py) : 10 éditions de
400 dossiers déposés chacune (4 000), quelques brouillons en plus, avec leur budget,
leur historique, des messages et des annotations quand ces modèles existent.

Tout est écrit en masse : bulk_create pour les dossiers (il faut leurs clés), COPY
(brest_numerique/copie.py) pour les lignes qui en dépendent. Les lignes générées se
reconnaissent à leur marque : éditions « [banc] … », structures « banc-… »,
comptes « *-banc-projets@exemple.fr »."""

import random
from datetime import timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from brest_numerique.comptes.models import User
from brest_numerique.comptes.roles import Role
from brest_numerique.copie import lignes_copier
from papi.models import Commune
from projets.models import (
    AppelAProjets,
    Dossier,
    HistoriqueDossier,
    LigneBudget,
    Membre,
    Structure,
    Theme,
)

EDITIONS = 10
DOSSIERS_PAR_EDITION = 400
BROUILLONS_PAR_EDITION = 20
STRUCTURES = 300
PREMIERE_ANNEE = 2010
MARQUE_EDITION = "[banc] "
MARQUE_STRUCTURE = "banc-"
EMAIL_INSTRUCTEUR = "instructeur-banc-projets@exemple.fr"
MOT_DE_PASSE = "banc-d-essai-brest-numerique"

Statut = Dossier.Statut
# Où en sont les dossiers déposés, et le chemin qui les y a menés (historique).
# Des chaînes, pas les membres de l'énumération : COPY écrirait leur nom (« DEPOSE »).
PARCOURS = [
    [Statut.DEPOSE],
    [Statut.DEPOSE, Statut.EN_INSTRUCTION],
    [Statut.DEPOSE, Statut.EN_INSTRUCTION, Statut.A_COMPLETER],
    [Statut.DEPOSE, Statut.EN_INSTRUCTION, Statut.PRET_POUR_JURY],
    [Statut.DEPOSE, Statut.EN_INSTRUCTION, Statut.IRRECEVABLE],
    [Statut.DEPOSE, Statut.SANS_SUITE],
]
PARCOURS = [[etat.value for etat in parcours] for parcours in PARCOURS]
# fmt: off
ACTIVITES = ["Ateliers vidéo", "Radio de quartier", "Fablab mobile", "Café numérique",
             "Jeux vidéo coopératifs", "Cartographie participative", "Podcast des aînés",
             "Initiation à la photo", "Musique assistée par ordinateur", "Web-série"]
LIEUX = ["à Bellevue", "à Pontanézen", "au Bourg-Blanc", "à Kérourien", "à Lambézellec",
         "à Recouvrance", "à Saint-Marc", "au Relecq-Kerhuon", "à Plouzané", "à Guipavas"]
THEMES = [("Lien social", "lien-social"), ("Création multimédia", "creation-multimedia"),
          ("Inclusion numérique", "inclusion-numerique"), ("Jeunesse", "jeunesse")]
# fmt: on


def editions():
    return AppelAProjets.objects.filter(titre__startswith=MARQUE_EDITION)


def compter() -> int:
    return Dossier.objects.filter(edition__in=editions()).count()


def instructeur() -> User:
    return User.objects.get(email=EMAIL_INSTRUCTEUR)


@transaction.atomic
def supprimer() -> None:
    dossiers = Dossier.objects.filter(edition__in=editions())
    # L'historique est un journal (ni update ni delete par son QuerySet) : seule la
    # suppression en cascade des dossiers l'emporte.
    dossiers.delete()
    editions().delete()
    Structure.objects.filter(nom__startswith=MARQUE_STRUCTURE).delete()
    User.objects.filter(email__endswith="-banc-projets@exemple.fr").delete()


def _compte(email: str, prenom: str, *, role: str | None = None) -> User:
    user = User.objects.create(
        email=email, first_name=prenom, last_name="Banc", password=make_password(MOT_DE_PASSE)
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def _commune() -> Commune:
    commune, _ = Commune.objects.get_or_create(
        code_insee="29019",
        defaults={"nom": "Brest", "code_postal": "29200", "latitude": 48.39, "longitude": -4.49},
    )
    return commune


@transaction.atomic
def creer(alea: random.Random) -> dict[str, int]:
    """Crée tout d'un bloc ; renvoie les volumes créés, par sorte de ligne."""
    maintenant = timezone.now()
    commune = _commune()
    themes = [
        Theme.objects.get_or_create(slug=s, defaults={"libelle": lib})[0] for lib, s in THEMES
    ]
    agent = _compte(EMAIL_INSTRUCTEUR, "Inès", role=Role.INSTRUCTEURS)
    candidat = _compte("candidat-banc-projets@exemple.fr", "Yann")

    structures = Structure.objects.bulk_create(
        Structure(
            type="association",
            nom=f"{MARQUE_STRUCTURE}association {n:03d}",
            rna=f"W29{n:07d}",
            adresse=f"{n} rue de Siam",
            code_postal="29200",
            commune=commune,
            contact_nom="Contact du banc",
            contact_email=f"contact{n}@banc.exemple.fr",
        )
        for n in range(STRUCTURES)
    )
    Membre.objects.bulk_create(Membre(structure=s, user=candidat) for s in structures[:5])

    liste_editions = []
    for rang in range(EDITIONS):
        annee = PREMIERE_ANNEE + rang
        cloture = maintenant - timedelta(days=365 * (EDITIONS - rang))
        edition = AppelAProjets.objects.create(
            annee=annee,
            titre=f"{MARQUE_EDITION}Appel à projets multimédias {annee}",
            ouverture=cloture - timedelta(days=60),
            cloture=cloture,
            deliberation_le=(cloture + timedelta(days=30)).date(),
            resultats_le=(cloture + timedelta(days=60)).date(),
            enveloppe=Decimal("60000"),
            montant_max=Decimal("3000"),
            part_max=Decimal("70"),
            dernier_rang=DOSSIERS_PAR_EDITION,
        )
        edition.themes.set(themes)
        edition.instructeurs.add(agent)
        liste_editions.append(edition)

    dossiers = []
    for edition in liste_editions:
        for rang in range(1, DOSSIERS_PAR_EDITION + BROUILLONS_PAR_EDITION + 1):
            depose = rang <= DOSSIERS_PAR_EDITION
            parcours = alea.choice(PARCOURS) if depose else []
            depose_le = edition.cloture - timedelta(minutes=alea.randrange(60 * 24 * 50))
            dossier = Dossier(
                edition=edition,
                structure=alea.choice(structures),
                titre=f"{alea.choice(ACTIVITES)} {alea.choice(LIEUX)} ({edition.annee}-{rang})",
                resume="Des ateliers pour les habitants du quartier, encadrés par des bénévoles.",
                description="Dix séances le mercredi après-midi, puis une restitution publique.",
                publics=alea.sample(["enfants", "jeunes", "adultes", "seniors", "eloignes"], 2),
                montant_demande=Decimal(alea.randrange(500, 2800)),
                statut=parcours[-1] if depose else Statut.BROUILLON,
                rang=rang if depose else None,
                numero=f"AAP-{edition.annee}-{rang:04d}" if depose else None,
                depose_le=depose_le if depose else None,
                cree_le=depose_le - timedelta(days=3),
                modifie_le=depose_le,
                cree_par=candidat,
                instructeur=agent if len(parcours) > 1 else None,
                a_suivre=alea.random() < 0.1,
            )
            dossier._parcours = parcours
            dossiers.append(dossier)
    Dossier.objects.bulk_create(dossiers, batch_size=1000)

    lignes_copier(
        modele=Dossier.themes.through,
        champs=["dossier_id", "theme_id"],
        lignes=((d.pk, t.pk) for d in dossiers for t in alea.sample(themes, alea.randint(1, 2))),
    )
    budget = []
    for d in dossiers:
        depenses = d.montant_demande * 2
        budget += [
            (d.pk, "depense", "Intervenants", depenses - 300, 0),
            (d.pk, "depense", "Matériel", Decimal(300), 1),
            (d.pk, "recette", "Fonds propres", depenses - d.montant_demande, 0),
        ]
    lignes_copier(
        modele=LigneBudget,
        champs=["dossier_id", "nature", "libelle", "montant", "ordre"],
        lignes=budget,
    )
    historique = []
    for d in dossiers:
        de = Statut.BROUILLON.value
        for etape, vers in enumerate(d._parcours):
            par = candidat.pk if vers in (Statut.DEPOSE, Statut.SANS_SUITE) else agent.pk
            historique.append((d.pk, de, vers, par, "", d.depose_le + timedelta(days=etape)))
            de = vers
    lignes_copier(
        modele=HistoriqueDossier,
        champs=["dossier_id", "de", "vers", "par_id", "motif", "quand"],
        lignes=historique,
    )
    volumes = {
        "éditions": len(liste_editions),
        "structures": len(structures),
        "dossiers": len(dossiers),
        "lignes de budget": len(budget),
        "étapes d'historique": len(historique),
    }
    volumes.update(_messages_et_annotations(dossiers, agent, candidat, alea))
    return volumes


def _messages_et_annotations(dossiers, agent, candidat, alea) -> dict[str, int]:
    """Trois messages et une annotation sur un dossier déposé sur quatre, si la
    messagerie et les annotations existent."""
    volumes = {}
    suivis = [d for d in dossiers if d.numero and alea.random() < 0.25]
    try:
        Message = apps.get_model("echanges", "Message")
    except LookupError:
        Message = None
    if Message is not None:
        messages = [
            (d.pk, auteur.pk, cote, texte, d.depose_le + timedelta(hours=h))
            for d in suivis
            for h, (auteur, cote, texte) in enumerate(
                [
                    (agent, "instruction", "Pouvez-vous préciser le calendrier ?"),
                    (candidat, "candidat", "Oui : de mars à juin, le mercredi."),
                    (agent, "instruction", "Merci, c'est noté."),
                ]
            )
        ]
        lignes_copier(
            modele=Message,
            champs=["dossier_id", "auteur_id", "cote", "texte", "envoye_le"],
            lignes=messages,
        )
        volumes["messages"] = len(messages)
    try:
        Annotation = apps.get_model("instruction", "Annotation")
    except LookupError:
        Annotation = None
    if Annotation is not None:
        annotations = [
            (d.pk, agent.pk, "Budget à vérifier avec la structure.", d.depose_le) for d in suivis
        ]
        lignes_copier(
            modele=Annotation,
            champs=["dossier_id", "auteur_id", "texte", "cree_le"],
            lignes=annotations,
        )
        volumes["annotations"] = len(annotations)
    return volumes
