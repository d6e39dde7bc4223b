package io.packops.alerting.alerts;

import io.packops.alerting.paging.PageRequest;
import io.packops.alerting.paging.Pager;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.ArrayList;
import java.util.List;

/** Records the pages instead of enqueuing them. */
@Alternative
@ApplicationScoped
public class RecordingPager extends Pager {

    private final List<PageRequest> pages = new ArrayList<>();

    @Override
    public synchronized void page(PageRequest request) {
        pages.add(request);
    }

    public synchronized List<PageRequest> pages() {
        return List.copyOf(pages);
    }

    public synchronized List<PageRequest> pages(String action) {
        return pages.stream().filter(p -> p.action().equals(action)).toList();
    }

    public synchronized void clear() {
        pages.clear();
    }
}
