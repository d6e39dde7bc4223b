package io.packops.compat.manifest;

import java.util.List;

public record Dashboard(String id, String title, List<Tile> tiles, int line) {
    public Dashboard {
        tiles = List.copyOf(tiles);
    }
}
