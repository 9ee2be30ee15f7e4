package fm.seda.catalog.internal;

import fm.seda.catalog.Catalog;
import fm.seda.catalog.CatalogItems.ArtistBatch;
import fm.seda.catalog.CatalogItems.ArtistView;
import fm.seda.catalog.CatalogItems.Page;
import fm.seda.catalog.CatalogItems.PlaylistBatch;
import fm.seda.catalog.CatalogItems.PlaylistView;
import fm.seda.catalog.CatalogItems.Query;
import fm.seda.catalog.CatalogItems.RoomBatch;
import fm.seda.catalog.CatalogItems.RoomView;
import fm.seda.catalog.CatalogItems.UpsertResult;
import fm.seda.catalog.GenreFamily;
import fm.seda.catalog.GenreTaxonomy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Validated
@Tag(name = "catalog", description = "Genres, artists, playlists and rooms")
class CatalogController {

  private final Catalog catalog;
  private final GenreTaxonomy taxonomy;

  CatalogController(Catalog catalog, GenreTaxonomy taxonomy) {
    this.catalog = catalog;
    this.taxonomy = taxonomy;
  }

  record GenreList(List<GenreFamily> families, int count) {}

  @GetMapping("/genres")
  @Operation(summary = "The genre taxonomy, grouped in families (no authentication needed)")
  GenreList genres() {
    return new GenreList(taxonomy.families(), taxonomy.genres().size());
  }

  @GetMapping("/catalog/artists")
  @Operation(summary = "Artists, most popular first; narrow by genre and a name fragment")
  Page<ArtistView> artists(
      @RequestParam(required = false) @Nullable String genre,
      @RequestParam(required = false) @Nullable @Size(max = 100) String q,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return catalog.artists(new Query(genre, q, limit, cursor));
  }

  @GetMapping("/catalog/playlists")
  @Operation(summary = "Playlists, most popular first; narrow by genre and a name fragment")
  Page<PlaylistView> playlists(
      @RequestParam(required = false) @Nullable String genre,
      @RequestParam(required = false) @Nullable @Size(max = 100) String q,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return catalog.playlists(new Query(genre, q, limit, cursor));
  }

  @GetMapping("/catalog/rooms")
  @Operation(summary = "Rooms, most popular first; narrow by genre and a name fragment")
  Page<RoomView> rooms(
      @RequestParam(required = false) @Nullable String genre,
      @RequestParam(required = false) @Nullable @Size(max = 100) String q,
      @RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
      @RequestParam(required = false) @Nullable String cursor) {
    return catalog.rooms(new Query(genre, q, limit, cursor));
  }

  @PutMapping("/admin/catalog/artists")
  @Operation(summary = "Bulk upsert of artists by external_id (admin); written to both regions")
  UpsertResult putArtists(@Valid @RequestBody ArtistBatch batch) {
    return catalog.upsertArtists(batch.items());
  }

  @PutMapping("/admin/catalog/playlists")
  @Operation(summary = "Bulk upsert of playlists by external_id (admin); artists must exist")
  UpsertResult putPlaylists(@Valid @RequestBody PlaylistBatch batch) {
    return catalog.upsertPlaylists(batch.items());
  }

  @PutMapping("/admin/catalog/rooms")
  @Operation(summary = "Bulk upsert of rooms by external_id (admin)")
  UpsertResult putRooms(@Valid @RequestBody RoomBatch batch) {
    return catalog.upsertRooms(batch.items());
  }
}
