"""Commentaires d'exemple (appelé par `manage.py demo`, idempotent) : quelques fils
publiés, dont une réponse de l'équipe, et une file de modération à traiter, pour que
le webmestre qui découvre le portail essaie les décisions en un clic.

Les commentaires sont écrits dans leur état, avec leur journal, sans passer par les
transitions : celles-ci écriraient aux adresses d'exemple (comme projets/demo.py)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from commentaires.models import Commentaire, Transition, version_des_commentaires
from papi.models import Lieu

# La marque des commentaires d'exemple : aucun visiteur n'écrit depuis ce domaine.
DOMAINE = "commentaire-exemple.fr"

PUBLIES = [
    (
        "Soizic",
        "Atelier du mardi très clair\u00a0: j'ai enfin compris comment classer mes photos "
        "dans des dossiers. Merci à l'animatrice pour sa patience.",
    ),
    (
        "Gwenaël",
        "Le wifi marche bien et l'imprimante aussi. Pensez à venir avec votre clé USB.",
    ),
    (
        "Marie-Thérèse",
        "Est-ce qu'il faut prendre rendez-vous pour une aide aux démarches de retraite\u202f?",
    ),
]
REPONSE_DE_L_EQUIPE = (
    "Bonjour Marie-Thérèse, oui\u00a0: appelez l'accueil pour fixer un créneau d'une heure, "
    "et apportez votre numéro de sécurité sociale."
)
A_TRAITER = [
    ("Yann", "Les horaires affichés le samedi ne sont plus les bons depuis la rentrée."),
    ("Lucie", "Merci pour l'accompagnement, mon dossier de CAF est parti."),
    ("Promo 2000", "Gagnez 500\u00a0€ par jour depuis chez vous, cliquez sur mon profil\u202f!"),
]


@transaction.atomic
def creer_donnees_demo(sortie) -> None:
    if Commentaire.objects.filter(email__endswith=f"@{DOMAINE}").exists():
        sortie.write("  Commentaires d'exemple déjà présents.")
        return
    lieux = list(Lieu.objects.publies().filter(donnees_exemple=True).order_by("identifiant")[:2])
    webmestre = get_user_model().objects.filter(email="webmestre@exemple.fr").first()
    if len(lieux) < 2 or webmestre is None:
        sortie.write("  Pas de commentaires d'exemple : lieux ou webmestre d'exemple absents.")
        return
    commente, en_file = lieux
    debut = timezone.now() - timedelta(days=20)

    publies = [
        _commentaire(commente, nom, texte, quand=debut + timedelta(days=rang))
        for rang, (nom, texte) in enumerate(PUBLIES)
    ]
    question = publies[-1]
    reponse = _commentaire(
        commente,
        "Équipe Brest numérique",
        REPONSE_DE_L_EQUIPE,
        quand=question.cree_le + timedelta(hours=3),
        auteur=webmestre,
        equipe=True,
    )
    a_traiter = [
        _commentaire(en_file, nom, texte, quand=timezone.now() - timedelta(hours=rang + 1))
        for rang, (nom, texte) in enumerate(A_TRAITER)
    ]
    for commentaire in [*publies, reponse]:
        commentaire.statut = Commentaire.Statut.PUBLIE
        commentaire.publie_le = commentaire.cree_le + timedelta(hours=1)
    Commentaire.objects.bulk_create([*publies, *a_traiter])
    # La réponse après son parent, qui doit avoir sa clé.
    reponse.parent = question
    reponse.save()
    Transition.objects.bulk_create(
        Transition(
            commentaire=commentaire,
            de=Commentaire.Statut.EN_ATTENTE,
            vers=Commentaire.Statut.PUBLIE,
            par=webmestre,
            quand=commentaire.publie_le,
        )
        for commentaire in [*publies, reponse]
    )
    version_des_commentaires.changer()
    sortie.write(
        f"  {len(publies) + 1} commentaires publiés sur « {commente.nom} », "
        f"{len(a_traiter)} à modérer sur « {en_file.nom} »."
    )


def _commentaire(objet, nom: str, texte: str, *, quand, **champs) -> Commentaire:
    return Commentaire(
        objet=objet,
        nom=nom,
        email=f"{slugify(nom)}@{DOMAINE}",
        texte=texte,
        empreinte_texte=Commentaire.empreinte(texte),
        statut=Commentaire.Statut.EN_ATTENTE,
        cree_le=quand,
        **champs,
    )
