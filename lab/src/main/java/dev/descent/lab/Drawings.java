package dev.descent.lab;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a Java2D drawing (one that paints itself on a {@link Graphics2D}) as PNG, as SVG through
 * VectorGraphics2D (XChart's own SVG route), and a sequence of them as an animated GIF with the
 * JDK's {@code javax.imageio} GIF writer (looping forever, through the NETSCAPE2.0 application
 * extension that browsers read).
 */
public final class Drawings {

    private Drawings() {
    }

    /** Writes {@code painter}'s drawing of {@code width × height} to {@code file}, PNG or SVG by its extension. */
    public static void write(Consumer<Graphics2D> painter, int width, int height, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            if (file.getFileName().toString().endsWith(".svg")) {
                VectorGraphics2D g = new VectorGraphics2D();
                painter.accept(g);
                Processors.get("svg").getDocument(g.getCommands(), new PageSize(0, 0, width, height)).writeTo(out);
            } else if (!ImageIO.write(image(painter, width, height), "png", out)) {
                throw new IOException("no PNG writer in this JDK");
            }
        }
    }

    /** The drawing as an RGB image. */
    public static BufferedImage image(Consumer<Graphics2D> painter, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            painter.accept(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    /**
     * Writes {@code frames} frames of {@code width × height} to {@code file} as a GIF that loops
     * forever, {@code delayMillis} per frame (the last one held four times as long).
     */
    public static void writeGif(IntFunction<Consumer<Graphics2D>> frame, int frames, int width, int height,
            int delayMillis, Path file) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
        if (!writers.hasNext()) {
            throw new IOException("no GIF writer in this JDK");
        }
        ImageWriter writer = writers.next();
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int k = 0; k < frames; k++) {
                BufferedImage image = image(frame.apply(k), width, height);
                int delay = k == frames - 1 ? 4 * delayMillis : delayMillis;
                writer.writeToSequence(new IIOImage(image, null, metadata(writer, image, delay, k == 0)), null);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** A frame's GIF metadata: its delay, and on the first frame the loop-forever extension. */
    private static IIOMetadata metadata(ImageWriter writer, BufferedImage image, int delayMillis, boolean first)
            throws IIOInvalidTreeException {
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            child(root, "ApplicationExtensions").appendChild(app);
        }
        meta.setFromTree(format, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
