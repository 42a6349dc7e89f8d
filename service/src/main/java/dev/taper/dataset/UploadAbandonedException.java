package dev.taper.dataset;

import dev.taper.web.ApiException;
import dev.taper.web.ProblemItem;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An upload's files took longer to store than the workers' housekeeping waits for an upload to be
 * registered, so they are being deleted as abandoned: 503, to send it again.
 */
public class UploadAbandonedException extends ApiException {

  public UploadAbandonedException(String key, Duration abandonAfter) {
    super(
        HttpStatus.SERVICE_UNAVAILABLE,
        "upload-abandoned",
        "Upload abandoned",
        List.of(
            ProblemItem.part(
                UploadProblem.BODY,
                "took longer to store than taper.datasets.abandon-upload-after ("
                    + abandonAfter
                    + "), so its files ("
                    + key
                    + ") are deleted as abandoned and nothing is registered; send it again, or"
                    + " raise that setting for uploads this slow")));
  }
}
