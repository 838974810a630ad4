// Carte des points d'accès : une amélioration de la liste, qui reste la
// version accessible. Sans JavaScript, la page fonctionne sans la carte.
(function () {
  "use strict";

  // Sur grand écran, les filtres restent ouverts à côté des résultats. Sur
  // téléphone, ils attendent fermés derrière « Filtrer », comme le HTML les livre
  // (sans JavaScript, le bouton suffit à les ouvrir).
  var panneau = document.getElementById("panneau-filtres");
  if (panneau && window.matchMedia) {
    var grandEcran = window.matchMedia("not all and (max-width: 50rem)");
    var ajusterPanneau = function () {
      panneau.open = grandEcran.matches;
    };
    ajusterPanneau();
    grandEcran.addEventListener("change", ajusterPanneau);
  }

  var conteneur = document.getElementById("carte");
  if (!conteneur || typeof L === "undefined") {
    return;
  }
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d\u2019OpenStreetMap</a>';
  var CENTRE_METROPOLE = [48.40, -4.48];

  // Les images des marqueurs portent une empreinte (collectstatic) que Leaflet ne
  // sait pas deviner : le gabarit lui donne leurs adresses exactes.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: conteneur.dataset.icone,
    iconRetinaUrl: conteneur.dataset.icone2x,
    shadowUrl: conteneur.dataset.ombre,
  });

  // Leaflet expose chaque marqueur en role="button" ; l'attribut alt d'une image
  // ne lui donne pas de nom pour tous les outils (pa11y, règle H91) : aria-label,
  // posé à chaque création de l'élément (le regroupement les recrée au zoom).
  function avecNom(Icone) {
    return Icone.extend({
      createIcon: function (ancienne) {
        var element = Icone.prototype.createIcon.call(this, ancienne);
        element.setAttribute("aria-label", this.options.nom);
        return element;
      },
    });
  }
  var IconeDeLieu = avecNom(L.Icon.Default);
  var IconeDeGroupe = avecNom(L.DivIcon);

  function marqueur(position, nom) {
    return L.marker(position, { icon: new IconeDeLieu({ nom: nom }), title: nom, alt: nom, keyboard: true });
  }

  var carte = L.map(conteneur, { scrollWheelZoom: false }).setView(CENTRE_METROPOLE, 11);
  L.tileLayer(conteneur.dataset.tuiles, { attribution: ATTRIBUTION, maxZoom: 19 }).addTo(carte);

  function lienVers(nom, url) {
    var lien = document.createElement("a");
    lien.href = url;
    lien.textContent = nom;
    return lien;
  }

  // Fiche d'un lieu : un seul marqueur.
  if (conteneur.dataset.latitude) {
    var position = [parseFloat(conteneur.dataset.latitude), parseFloat(conteneur.dataset.longitude)];
    marqueur(position, conteneur.dataset.nom).addTo(carte);
    carte.setView(position, 16);
    return;
  }

  // Annuaire : les lieux filtrés, regroupés quand ils sont nombreux.
  // Un groupe se nomme par son nombre de lieux ; son apparence reste celle du
  // regroupement (icône par défaut de Leaflet.markercluster).
  var groupe = L.markerClusterGroup
    ? L.markerClusterGroup({
        iconCreateFunction: function (amas) {
          var icone = L.MarkerClusterGroup.prototype._defaultIconCreateFunction(amas);
          return new IconeDeGroupe(L.extend({}, icone.options, { nom: amas.getChildCount() + " lieux" }));
        },
      })
    : L.featureGroup();
  fetch(conteneur.dataset.geojson, { headers: { Accept: "application/geo+json" } })
    .then(function (reponse) {
      if (!reponse.ok) {
        throw new Error("HTTP " + reponse.status);
      }
      return reponse.json();
    })
    .then(function (donnees) {
      L.geoJSON(donnees, {
        pointToLayer: function (entite, position) {
          return marqueur(position, entite.properties.nom);
        },
        onEachFeature: function (entite, couche) {
          couche.bindPopup(lienVers(entite.properties.nom, entite.properties.url));
        },
      }).addTo(groupe);
      groupe.addTo(carte);
      if (groupe.getLayers().length) {
        carte.fitBounds(groupe.getBounds(), { maxZoom: 15, padding: [20, 20] });
      }
      conteneur.dataset.marqueurs = String(groupe.getLayers().length);
    })
    .catch(function () {
      var avis = document.createElement("p");
      avis.className = "carte-papi__erreur";
      avis.textContent = "La carte n'a pas pu être chargée ; la liste ci-dessous reste complète.";
      conteneur.replaceWith(avis);
    });

  // « Autour de moi » : la position du navigateur, envoyée comme filtre.
  var bouton = document.getElementById("autour-de-moi");
  var formulaire = document.getElementById("filtres");
  if (bouton && formulaire && "geolocation" in navigator) {
    bouton.hidden = false;
    bouton.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          formulaire.elements.lat.value = pos.coords.latitude.toFixed(5);
          formulaire.elements.lon.value = pos.coords.longitude.toFixed(5);
          formulaire.elements.tri.value = "distance";
          // L'adresse tapée passerait avant la position : c'est celle-ci qu'on demande.
          formulaire.elements.adresse.value = "";
          formulaire.submit();
        },
        function () {
          bouton.textContent = "Position indisponible";
          bouton.disabled = true;
        }
      );
    });
  }
})();
