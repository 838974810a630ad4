import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from commentaires.models import Commentaire


class CommentaireFactory(factory.django.DjangoModelFactory):
    """Un commentaire en attente de modération sur `objet` (un Lieu, en général).

    Écrit directement en base, sans passer par le formulaire ni les transitions :
    pour préparer un état, pas pour tester le dépôt."""

    class Meta:
        model = Commentaire
        exclude = ["objet"]

    objet = None
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.objet))
    object_id = factory.LazyAttribute(lambda o: o.objet.pk)
    nom = factory.Sequence(lambda n: f"Lectrice {n}")
    email = factory.Sequence(lambda n: f"lectrice{n}@exemple.fr")
    texte = factory.Sequence(lambda n: f"Commentaire numéro {n} sur ce lieu.")
    empreinte_texte = factory.LazyAttribute(lambda o: Commentaire.empreinte(o.texte))
    statut = Commentaire.Statut.EN_ATTENTE
    publie_le = factory.LazyAttribute(
        lambda o: timezone.now() if o.statut == Commentaire.Statut.PUBLIE else None
    )
