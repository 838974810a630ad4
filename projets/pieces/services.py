"""Déposer, supprimer et montrer les pièces jointes d'un dossier. La messagerie
(projets/echanges) joint ses fichiers par `pieces_ajouter(..., origine="message")`."""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from brest_numerique.comptes.roles import peut
from brest_numerique.fichiers import TypesAutorises, nom_sur, taille_lisible
from projets.models import Dossier, Membre
from projets.pieces.models import TYPES_DES_PIECES, Origine, PieceJointe


def validateur_des_pieces() -> TypesAutorises:
    return TypesAutorises(TYPES_DES_PIECES, taille_max=settings.PIECES_TAILLE_MAX)


def examiner(fichier) -> tuple[str, str]:
    """(nom affiché, format) d'un fichier acceptable ; ValidationError sinon, le
    message précédé du nom du fichier."""
    nom = nom_sur(getattr(fichier, "name", "") or "")
    try:
        format_code = validateur_des_pieces().examiner(fichier)
    except ValidationError as erreur:
        raise ValidationError(
            [
                ValidationError(
                    _("« %(nom)s »\u00a0: %(raison)s") % {"nom": nom or "?", "raison": message},
                    code=e.code,
                )
                for e, message in zip(erreur.error_list, erreur.messages, strict=True)
            ]
        ) from None
    if not nom:
        raise ValidationError(
            _("Le nom de ce fichier est illisible\u00a0: renommez-le."), code="nom"
        )
    return nom, format_code


def pieces_ajouter(
    dossier: Dossier, fichiers: Iterable, par, origine: str = Origine.DOSSIER
) -> list[PieceJointe]:
    """Vérifie chaque fichier puis les joint tous au dossier, ou aucun. Le dossier
    est verrouillé pendant le calcul des plafonds (nombre et volume par dossier) :
    deux dépôts simultanés ne les dépassent pas à eux deux.

    Ne juge pas si le dossier est modifiable : la vue du dossier le fait, la
    messagerie joint des fichiers à tout moment de l'instruction."""
    fichiers = list(fichiers)
    if not fichiers:
        raise ValidationError(_("Choisissez au moins un fichier."), code="aucun")
    examines = []
    erreurs = []
    for fichier in fichiers:
        try:
            examines.append((fichier, *examiner(fichier)))
        except ValidationError as erreur:
            erreurs.extend(erreur.error_list)
    if erreurs:
        raise ValidationError(erreurs)
    ajout = sum(fichier.size for fichier, _nom, _format in examines)
    crees: list[PieceJointe] = []
    with transaction.atomic():
        Dossier.objects.select_for_update().only("pk").get(pk=dossier.pk)
        deja = PieceJointe.objects.filter(dossier=dossier).aggregate(
            nombre=Count("pk"), volume=Sum("taille")
        )
        _verifier_plafonds(deja["nombre"], deja["volume"] or 0, len(examines), ajout)
        try:
            for fichier, nom, format_code in examines:
                piece = PieceJointe(
                    dossier=dossier,
                    nom=nom,
                    format=format_code,
                    taille=fichier.size,
                    origine=origine,
                    deposee_par=par,
                )
                fichier.seek(0)
                piece.fichier.save(nom, fichier, save=False)
                crees.append(piece)
                piece.save()
        except BaseException:
            # Les fichiers écrits d'une transaction annulée ne restent pas sur le disque.
            for piece in crees:
                piece.fichier.storage.delete(piece.fichier.name)
            raise
    return crees


def _verifier_plafonds(nombre: int, volume: int, nouveaux: int, ajout: int) -> None:
    if nombre + nouveaux > settings.PIECES_NOMBRE_MAX_DOSSIER:
        raise ValidationError(
            _(
                "Un dossier compte au plus %(max)s pièces jointes\u202f; celui-ci en a déjà "
                "%(nombre)s. Supprimez-en ou regroupez-les en un seul PDF."
            )
            % {"max": settings.PIECES_NOMBRE_MAX_DOSSIER, "nombre": nombre},
            code="nombre_dossier",
        )
    if volume + ajout > settings.PIECES_TAILLE_MAX_DOSSIER:
        raise ValidationError(
            _(
                "Les pièces d'un dossier pèsent au plus %(max)s en tout\u00a0: il en a déjà "
                "%(volume)s, ces fichiers ajouteraient %(ajout)s."
            )
            % {
                "max": taille_lisible(settings.PIECES_TAILLE_MAX_DOSSIER),
                "volume": taille_lisible(volume),
                "ajout": taille_lisible(ajout),
            },
            code="taille_dossier",
        )


def piece_supprimer(piece: PieceJointe, par) -> None:
    """Un membre retire une pièce d'un dossier qu'il peut encore modifier."""
    with transaction.atomic():
        dossier = (
            Dossier.objects.select_for_update().select_related("edition").get(pk=piece.dossier_id)
        )
        if not est_membre(par, dossier) or not dossier.modifiable() or not piece.supprimable:
            raise PermissionDenied
        PieceJointe.objects.filter(pk=piece.pk).delete()


def est_membre(user, dossier: Dossier) -> bool:
    return (
        user.is_authenticated
        and Membre.objects.filter(structure_id=dossier.structure_id, user_id=user.pk).exists()
    )


def peut_voir_piece(user, piece: PieceJointe) -> bool:
    """Les membres de la structure, les instructeurs de l'édition (dossier déposé),
    les jurés à qui le dossier est confié sans conflit d'intérêts (pas les pièces de la
    messagerie), le superutilisateur. Personne d'autre, pas même le reste de l'équipe."""
    if not (user.is_authenticated and user.is_active):
        return False
    dossier = piece.dossier
    return (
        user.is_superuser
        or est_membre(user, dossier)
        or peut(user, "instruire_dossiers", dossier)
        or _jure_du_dossier(user, piece)
    )


def _jure_du_dossier(user, piece: PieceJointe) -> bool:
    from projets.jury.regles import jure_du_dossier

    return (
        piece.origine != Origine.MESSAGE
        and peut(user, "noter_dossiers")
        and jure_du_dossier(user, piece.dossier_id)
    )
