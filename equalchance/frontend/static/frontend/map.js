// Draws a choropleth from the page's GeoJSON (no background tiles: nothing is fetched from outside).
(function () {
  var element = document.querySelector("[data-map]");
  var data = document.getElementById("map-features");
  if (!element || !data || typeof L === "undefined") return;
  var features = JSON.parse(data.textContent);
  var map = L.map(element, { zoomSnap: 0.25, attributionControl: true, keyboard: true });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Boundaries: ONS, OGL v3.0; contains OS data © Crown copyright");
  var layer = L.geoJSON(features, {
    style: function (feature) {
      return { color: "#0b0c0c", weight: 1, fillColor: feature.properties.colour, fillOpacity: 0.85 };
    },
    onEachFeature: function (feature, shape) {
      var p = feature.properties;
      shape.bindTooltip(p.name + " (" + p.code + "): decile " + (p.decile || "no data"));
      if (shape.getElement) {
        shape.on("add", function () { shape.getElement().setAttribute("data-code", p.code); });
      }
    }
  }).addTo(map);
  if (features.features.length) {
    map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  } else {
    map.setView([52.8, -1.5], 6);
  }
  element.setAttribute("data-features-drawn", String(features.features.length));
})();
