"""Publier, dépublier, supprimer une page du programme, ou changer un chiffre clé,
change la version des pages éditoriales : toutes celles qui sont gardées en cache
pour les anonymes (accueil, liste des actualités, flux, la page elle-même) sont
périmées d'un coup, et un lecteur ne revoit jamais un contenu retiré."""

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from programmes.models import ChiffreCle, PageDuProgramme, version_des_pages


def _perimer(sender, **kwargs) -> None:
    version_des_pages.changer()


def connecter() -> None:
    # Un récepteur par modèle (sender) : un post_delete sans expéditeur priverait
    # tous les modèles du portail de la suppression rapide de Django.
    pages = [
        m for m in apps.get_app_config("programmes").get_models() if issubclass(m, PageDuProgramme)
    ]
    for modele in pages:
        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(
                _perimer, sender=modele, dispatch_uid=f"perimer-{modele.__name__}-{id(signal)}"
            )
    from wagtail.models import PageViewRestriction

    # Un chiffre clé, ou une restriction d'accès posée ou levée sur une page.
    for modele in (ChiffreCle, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(
                _perimer, sender=modele, dispatch_uid=f"perimer-{modele.__name__}-{id(signal)}"
            )
