package dev.docpipe.model;

import static org.bytedeco.tesseract.global.tesseract.OEM_LSTM_ONLY;
import static org.bytedeco.tesseract.global.tesseract.PSM_AUTO;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bytedeco.tesseract.TessBaseAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Initialised Tesseract engines, one per OCR slot. A {@link TessBaseAPI} is not thread-safe and
 * loading its model costs far more than a page, so engines are made once at startup and lent to
 * one request at a time. The number of engines also bounds how many decoded pages sit in memory.
 */
@Component
class TesseractPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TesseractPool.class);

    private final BlockingQueue<TessBaseAPI> idle;
    private final Duration slotWait;
    private final String language;
    private final String engineVersion;
    private final TrainedData trainedData;
    private boolean closed;

    TesseractPool(ModelEndpointProperties properties) {
        this.slotWait = properties.slotWait();
        this.language = properties.language();
        this.idle = new ArrayBlockingQueue<>(properties.poolSize());
        this.trainedData = TrainedData.extract(language);
        long start = System.nanoTime();
        try {
            for (int i = 0; i < properties.poolSize(); i++) {
                idle.add(newEngine());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.engineVersion = TessBaseAPI.Version().getString();
        log.info("Started {} Tesseract {} engine(s) for '{}' in {} ms", properties.poolSize(), engineVersion,
                language, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private TessBaseAPI newEngine() {
        TessBaseAPI engine = new TessBaseAPI();
        if (engine.Init(trainedData.path(), language, OEM_LSTM_ONLY) != 0) {
            engine.close();
            throw new IllegalStateException("Tesseract could not load its '" + language + "' model");
        }
        engine.SetPageSegMode(PSM_AUTO);
        // Tesseract prints diagnostics ("Empty page!!") straight to stdout otherwise.
        engine.SetVariable("debug_file", "/dev/null");
        return engine;
    }

    /**
     * Runs the work on an engine of its own, waiting up to the configured slot wait for one.
     *
     * @throws OcrSlotsBusyException if no engine came free in time
     */
    <T> T withEngine(Function<TessBaseAPI, T> work) {
        TessBaseAPI engine = borrow();
        try {
            return work.apply(engine);
        } finally {
            giveBack(engine);
        }
    }

    String engineVersion() {
        return engineVersion;
    }

    String language() {
        return language;
    }

    private TessBaseAPI borrow() {
        TessBaseAPI engine;
        try {
            engine = idle.poll(slotWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrSlotsBusyException(slotWait);
        }
        if (engine == null) {
            throw new OcrSlotsBusyException(slotWait);
        }
        return engine;
    }

    private synchronized void giveBack(TessBaseAPI engine) {
        // A request that outlived shutdown must not hand its engine to a closed pool, where it would leak.
        if (closed) {
            dispose(engine);
        } else {
            idle.add(engine);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<TessBaseAPI> engines = new ArrayList<>();
        idle.drainTo(engines);
        engines.forEach(TesseractPool::dispose);
        trainedData.close();
    }

    private static void dispose(TessBaseAPI engine) {
        engine.End();
        engine.close();
    }
}
