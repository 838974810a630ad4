"""Commentaires du banc : la fiche aux 500 commentaires et la file de modération."""

import random
from collections.abc import Iterator
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bench.generateurs.outils import NOMS, PRENOMS, inserer_par_lots, instant_passe
from bench.generateurs.papi import _lieux
from commentaires.models import Commentaire
from papi.models import Lieu

COMMENTAIRES_FICHE = 500  # commentaires publiés de premier niveau sur la fiche commentée
REPONSES_FICHE = 100  # réponses publiées, sous un commentaire sur cinq

# fmt: off
PHRASES = [
    "Accueil très sympathique, la médiatrice a pris le temps de tout m'expliquer.",
    "J'ai pu faire ma déclaration de revenus en ligne avec de l'aide.",
    "Les horaires du samedi matin sont bien pratiques quand on travaille.",
    "Il manque une imprimante couleur, sinon rien à redire.",
    "Atelier smartphone au top, je sais enfin envoyer des photos à mes petits-enfants.",
    "Le Wi-Fi était coupé jeudi dernier, dommage.",
    "Merci pour l'aide sur le dossier CAF, démarche terminée en une heure.",
    "Accès en fauteuil possible par l'entrée de côté, mais la porte est lourde.",
    "Les ordinateurs sont un peu lents mais suffisent pour les démarches.",
    "On peut venir sans rendez-vous le mercredi après-midi.",
    "Très bonne initiative pour les personnes éloignées du numérique.",
    "Pensez à apporter vos identifiants France Connect.",
]
LIENS = ["https://www.service-public.fr/", "https://www.brest.fr/", "https://www.caf.fr/"]
# fmt: on

# Répartition des commentaires de la file : la plupart publiés, une file à traiter
# de quelques milliers, et tout ce que la modération laisse derrière elle.
STATUTS_COMMENTAIRES = [
    (Commentaire.Statut.PUBLIE, 0.55),
    (Commentaire.Statut.EN_ATTENTE, 0.15),
    (Commentaire.Statut.EN_ATTENTE_CONFIRMATION, 0.05),
    (Commentaire.Statut.REJETE, 0.10),
    (Commentaire.Statut.SPAM, 0.12),
    (Commentaire.Statut.MASQUE, 0.03),
]
DEJA_PUBLIES = {Commentaire.Statut.PUBLIE, Commentaire.Statut.MASQUE}


def _commentaires_fiche():
    return Commentaire.objects.filter(email__startswith="lecteur-", email__endswith="@exemple.fr")


def _commentaires():
    return Commentaire.objects.filter(
        email__startswith="commentateur-", email__endswith="@exemple.fr"
    )


def fiche_commentee() -> Lieu:
    """Le lieu publié qui porte les 500 commentaires publiés : le premier généré."""
    return _lieux().publies().order_by("pk").first()


def _texte(n: int, alea: random.Random) -> str:
    phrases = alea.sample(PHRASES, alea.randint(1, 4))
    if alea.random() < 0.15:
        phrases.append(f"Plus d'informations : {alea.choice(LIENS)}")
    # Le numéro rend chaque texte unique : deux textes identiques d'un même auteur
    # seraient refusés par le formulaire, le banc ne produit que des cas possibles.
    phrases.append(f"(avis n° {n})")
    if len(phrases) > 3 and alea.random() < 0.5:
        # Deux paragraphes : le rendu HTML a alors un peu plus à faire.
        return " ".join(phrases[:2]) + "\n\n" + " ".join(phrases[2:])
    return " ".join(phrases)


def _commentaire(
    n: int, alea: random.Random, *, type_id: int, objet_id: int, email: str, **champs
) -> Commentaire:
    texte = _texte(n, alea)
    return Commentaire(
        content_type_id=type_id,
        object_id=objet_id,
        nom=f"{alea.choice(PRENOMS)} {alea.choice(NOMS)[0]}.",
        email=email,
        texte=texte,
        empreinte_texte=Commentaire.empreinte(texte),
        ip_empreinte=f"{alea.getrandbits(256):064x}",
        **champs,
    )


def creer_commentaires_fiche(quantite: int, alea: random.Random) -> None:
    """500 commentaires publiés sur une même fiche, et des réponses publiées."""
    lieu = fiche_commentee()
    type_id = ContentType.objects.get_for_model(Lieu).pk
    debut = timezone.now() - timedelta(days=400)
    publies = []
    for n in range(1, COMMENTAIRES_FICHE + 1):
        cree = debut + timedelta(hours=18 * n + alea.randrange(12))
        publies.append(
            _commentaire(
                n,
                alea,
                type_id=type_id,
                objet_id=lieu.pk,
                email=f"lecteur-{alea.randint(1, 300)}@exemple.fr",
                statut=Commentaire.Statut.PUBLIE,
                cree_le=cree,
                publie_le=cree + timedelta(minutes=alea.randint(5, 600)),
            )
        )
    # PostgreSQL renvoie les clés insérées : les réponses peuvent pointer vers leurs parents.
    inserer_par_lots(Commentaire, publies)
    nombre_reponses = quantite - COMMENTAIRES_FICHE
    parents = publies[:: COMMENTAIRES_FICHE // nombre_reponses][:nombre_reponses]
    reponses = (
        _commentaire(
            COMMENTAIRES_FICHE + n,
            alea,
            type_id=type_id,
            objet_id=lieu.pk,
            email=f"lecteur-{alea.randint(1, 300)}@exemple.fr",
            parent_id=parent.pk,
            statut=Commentaire.Statut.PUBLIE,
            equipe=alea.random() < 0.3,
            cree_le=parent.publie_le + timedelta(hours=1),
            publie_le=parent.publie_le + timedelta(hours=2),
        )
        for n, parent in enumerate(parents, 1)
    )
    inserer_par_lots(Commentaire, reponses)


def creer_commentaires(quantite: int, alea: random.Random) -> None:
    """Des commentaires dans tous les statuts, répartis sur 2 000 lieux (la fiche
    commentée exceptée), par 3 000 auteurs : chacun a un historique dans la file."""
    type_id = ContentType.objects.get_for_model(Lieu).pk
    fiche = fiche_commentee()
    lieux = list(
        _lieux().publies().exclude(pk=fiche.pk).order_by("pk").values_list("pk", flat=True)[:2000]
    )
    statuts, poids = zip(*STATUTS_COMMENTAIRES, strict=True)

    def commentaires() -> Iterator[Commentaire]:
        for n in range(1, quantite + 1):
            statut = alea.choices(statuts, weights=poids)[0]
            # La file se remplit vite : ce qui attend date de moins d'un mois.
            a_traiter = statut in (
                Commentaire.Statut.EN_ATTENTE,
                Commentaire.Statut.EN_ATTENTE_CONFIRMATION,
            )
            cree = instant_passe(alea, jours=30 if a_traiter else 730)
            yield _commentaire(
                n,
                alea,
                type_id=type_id,
                objet_id=alea.choice(lieux),
                email=f"commentateur-{alea.randint(1, 3000)}@exemple.fr",
                statut=statut,
                probablement_indesirable=statut == Commentaire.Statut.SPAM and alea.random() < 0.5,
                cree_le=cree,
                publie_le=cree + timedelta(hours=alea.randint(1, 72))
                if statut in DEJA_PUBLIES
                else None,
            )

    inserer_par_lots(Commentaire, commentaires())
