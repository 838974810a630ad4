// Carte des secteurs d'Internet pour tous : une amélioration du tableau, qui reste
// la version accessible. Les positions viennent des lignes du tableau elles-mêmes.
(function () {
  "use strict";

  var conteneur = document.getElementById("carte-ipt");
  if (!conteneur || typeof L === "undefined") {
    return;
  }
  var lignes = document.querySelectorAll("#secteurs-deployes tr[data-latitude]");
  if (!lignes.length) {
    conteneur.hidden = true;
    return;
  }
  var ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">les contributeurs d\u2019OpenStreetMap</a>';

  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({
    iconUrl: conteneur.dataset.icone,
    iconRetinaUrl: conteneur.dataset.icone2x,
    shadowUrl: conteneur.dataset.ombre,
  });
  var carte = L.map(conteneur, { scrollWheelZoom: false }).setView([48.40, -4.48], 12);
  L.tileLayer(conteneur.dataset.tuiles, { attribution: ATTRIBUTION, maxZoom: 19 }).addTo(carte);

  var groupe = L.featureGroup();
  Array.prototype.forEach.call(lignes, function (ligne) {
    var position = [parseFloat(ligne.dataset.latitude), parseFloat(ligne.dataset.longitude)];
    var nom = ligne.dataset.nom;
    var marqueur = L.marker(position, { title: nom, alt: nom, keyboard: true });
    var texte = document.createElement("span");
    texte.textContent = nom;
    marqueur.bindPopup(texte);
    marqueur.addTo(groupe);
  });
  groupe.addTo(carte);
  carte.fitBounds(groupe.getBounds(), { maxZoom: 15, padding: [20, 20] });
  conteneur.dataset.marqueurs = String(lignes.length);
})();
