/* Photos chosen on a phone, shrunk before they are sent (canvas → JPEG, longest side 1600 px),
   with previews and a remove button. Shared by the citizen's report form (/report) and the
   campaigns' progress report form.

     var box = zzPhotos({
       input: <input type=file multiple>, previews: <div>, note: <span>, max: 6,
       labels: {remove, photosChosen, shrinking, tooManyPhotos, notPhoto, notPhotoNamed},
       showError: function (messages) {...}, clearError: function () {...}
     });
     box.ready().then(function () { box.photos().forEach(function (p) { data.append("photos", p.blob, p.name); }); });
     box.fillInput()  // or: puts the shrunk photos back into the input for a plain form post

   The server checks every photo either way (kind, size, count). */
(function () {
  "use strict";
  var MAX_SIDE = 1600, QUALITY = 0.82;

  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; }).replace("%%", "%");
  }
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function shrink(file) {
    return new Promise(function (resolve) {
      if (!/^image\//.test(file.type)) { resolve(null); return; }
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        var w = img.naturalWidth, h = img.naturalHeight;
        var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(w * scale));
        canvas.height = Math.max(1, Math.round(h * scale));
        canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          // A browser that cannot encode sends the original; the server checks it either way.
          resolve(blob && blob.size < file.size ? blob : file);
        }, "image/jpeg", QUALITY);
      };
      // Not decodable (a text file named .jpg, a broken download): not a photo, left out here;
      // the server refuses it as well, naming it.
      img.onerror = function () { URL.revokeObjectURL(url); resolve(null); };
      img.src = url;
    });
  }

  window.zzPhotos = function (opts) {
    var input = opts.input, previews = opts.previews, note = opts.note, T = opts.labels;
    var photos = [];  // {blob, url, name}
    var pending = [];  // promises of photos being shrunk
    input.classList.add("js-hidden");
    note.setAttribute("data-default", note.textContent);

    function drawPreviews() {
      previews.innerHTML = "";
      photos.forEach(function (p, i) {
        var box = el("span", { "class": "preview" });
        box.appendChild(el("img", { src: p.url, alt: "" }));
        var rm = el("button", { type: "button", "class": "preview-rm", "aria-label": T.remove }, "×");
        rm.addEventListener("click", function () {
          URL.revokeObjectURL(p.url);
          photos.splice(i, 1);
          drawPreviews();
        });
        box.appendChild(rm);
        previews.appendChild(box);
      });
      note.textContent = photos.length ? fmt(T.photosChosen, { n: photos.length, max: opts.max }) : note.getAttribute("data-default");
    }

    input.addEventListener("change", function () {
      var files = Array.prototype.slice.call(input.files);
      input.value = "";
      opts.clearError();
      var refused = [];
      var room = opts.max - photos.length - pending.length;
      if (files.length > room) { opts.showError([fmt(T.tooManyPhotos, { max: opts.max })]); files = files.slice(0, Math.max(0, room)); }
      files.forEach(function (f) {
        note.textContent = T.shrinking;
        var job = shrink(f).then(function (blob) {
          pending.splice(pending.indexOf(job), 1);
          if (!blob) {
            refused.push(T.notPhotoNamed ? fmt(T.notPhotoNamed, { name: f.name || "" }) : T.notPhoto);
            opts.showError(refused.slice());
            drawPreviews();
            return;
          }
          photos.push({ blob: blob, url: URL.createObjectURL(blob), name: (f.name || "photo").replace(/\.\w+$/, "") + ".jpg" });
          drawPreviews();
        });
        pending.push(job);
      });
    });

    return {
      ready: function () { return Promise.all(pending.slice()); },
      photos: function () { return photos.slice(); },
      // For a plain form post: the shrunk photos become the input's files. False where the
      // browser cannot set them (then only the server's checks apply to what was chosen).
      fillInput: function () {
        try {
          var transfer = new DataTransfer();
          photos.forEach(function (p) { transfer.items.add(new File([p.blob], p.name, { type: p.blob.type || "image/jpeg" })); });
          input.files = transfer.files;
          return true;
        } catch (err) {
          return false;
        }
      }
    };
  };
})();
